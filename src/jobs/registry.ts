// Every job the app runs, in one list.
import type { JobDefinition } from "./job.ts";
import { purgeAbandonedIntakes } from "./definitions/purge-abandoned-intakes.ts";

export const JOBS: ReadonlyArray<JobDefinition<unknown>> = [purgeAbandonedIntakes];
