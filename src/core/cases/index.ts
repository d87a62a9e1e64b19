// Case rules: opening, raising, reopening and adding to a case (from the conversation), claiming,
// releasing, transferring, closing, notes and replies (from the console), the queue order and who may
// act on a case. One operation per file, each taking its dependencies and one options object.
export { addCaseNote } from "./add-case-note.ts";
export { addToCase } from "./add-to-case.ts";
export { MAX_REPLY_LENGTH } from "./case-rules.ts";
export { claimCase } from "./claim-case.ts";
export { closeCase } from "./close-case.ts";
export { findVisibleCase } from "./find-visible-case.ts";
export { openCase, type CaseWriteDeps } from "./open-case.ts";
export { raiseCase } from "./raise-case.ts";
export { releaseCase } from "./release-case.ts";
export { findOrReopenCase, REOPEN_WITHIN_DAYS } from "./reopen-case.ts";
export { replyToCase } from "./reply-to-case.ts";
export { takeNextCase } from "./take-next-case.ts";
export { transferCase } from "./transfer-case.ts";
export { viewCase } from "./view-case.ts";
