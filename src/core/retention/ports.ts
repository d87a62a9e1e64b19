// Retention (issue 13): what a closed case keeps, and the pruning of expired access rows. Counts only:
// nothing here returns an id or a text.

/** Default days a closed case keeps its message bodies and notes (RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 180;

export interface RetentionStore {
  /**
   * Replaces the bodies of up to `limit` messages of cases closed before `closedBefore` with an empty body
   * marked `removedAfterDays`, skipping those already removed; open cases (reopened ones too) are never
   * touched: each case row is locked and its status checked in the same statement. Returns how many.
   */
  removeClosedCaseMessages(o: { closedBefore: Date; days: number; limit: number }): Promise<number>;
  /** The same for case notes. */
  removeClosedCaseNotes(o: { closedBefore: Date; days: number; limit: number }): Promise<number>;
  /** Drops the counsellor's note on up to `limit` referrals of such cases (the panel then shows none). */
  removeClosedCaseReferralNotes(o: { closedBefore: Date; limit: number }): Promise<number>;
  /** Deletes up to `limit` staff sessions that expired before `now`. */
  pruneSessions(now: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` staff tokens used or expired before `now`. */
  pruneStaffTokens(now: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` failed sign-ins older than `before` (the throttle looks back one day). */
  pruneLoginFailures(before: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` web chat return codes made before `before` (they no longer let anyone back in). */
  pruneReturnCodes(before: Date, limit: number): Promise<number>;
  /** Deletes send-budget rows whose slots all ended before `before` (the sender prunes them too). */
  pruneSendBudget(before: Date): Promise<number>;
}
