// The sender's priority lanes, highest first: urgent (crisis, conversation and counsellor replies),
// staff (pings about urgent cases), bulk (follow-ups, reminders, broadcasts).
export const LANES = ["urgent", "staff", "bulk"] as const;
export type Lane = (typeof LANES)[number];

export const laneRank = (lane: Lane): number => LANES.indexOf(lane);
