// The flows the conversation knows, in one list: adding a dialogue (referral, clubs…) is one new
// folder or file and one line here. Order does not matter; main-menu entries carry their own order.
import type { FlowDefinition } from "../flow.ts";
import { clubsFlow } from "./clubs/index.ts";
import { clubCheckInFlow } from "./clubs/attendance-check-in.ts";
import { clubMissedCheckInFlow } from "./clubs/attendance-missed.ts";
import { crisisWaitFlow } from "./crisis-wait.ts";
import { deleteFlow } from "./delete-data.ts";
import { intakeFlow } from "./intake.ts";
import { menuFlow } from "./menu.ts";
import { referralFollowUpFlow } from "./referral/follow-up.ts";
import { referralFlow } from "./referral/index.ts";
import { tipsFlow } from "./tips.ts";
import { topicsFlow } from "./topics.ts";
import { welcomeFlow } from "./welcome.ts";

export const FLOWS: readonly FlowDefinition[] = [
  welcomeFlow,
  menuFlow,
  topicsFlow,
  intakeFlow,
  deleteFlow,
  referralFlow,
  referralFollowUpFlow,
  crisisWaitFlow,
  clubsFlow,
  clubCheckInFlow,
  clubMissedCheckInFlow,
  tipsFlow,
] as FlowDefinition[];
