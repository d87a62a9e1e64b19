// What the web chat page may POST. Anything else is a 400 with a JSON error.
import { z } from "zod";

export const MAX_WEB_TEXT = 20_000; // accepted over HTTP; the core keeps the first 4,000 and says so

export const postMessageSchema = z.union([
  z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), text: z.string().max(MAX_WEB_TEXT) }).strict(),
  z
    .object({
      clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      choice: z.object({ optionId: z.string().regex(/^[a-z0-9_.-]{1,40}$/), menuSeq: z.number().int().min(0) }).strict(),
    })
    .strict(),
  z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), start: z.literal(true) }).strict(),
]);

export type PostMessage = z.infer<typeof postMessageSchema>;
