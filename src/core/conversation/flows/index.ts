import type { FlowRegistry } from "./flow.ts";
import { createDeleteFlow } from "./delete-data.ts";
import { createIntakeFlow } from "./intake.ts";
import { createMenuFlow } from "./menu.ts";
import { createTopicsFlow } from "./topics.ts";
import { createWelcomeFlow } from "./welcome.ts";

export type { Flow, FlowName, FlowRegistry } from "./flow.ts";

export function createFlows(): FlowRegistry {
  const flows: FlowRegistry = {
    welcome: createWelcomeFlow(() => flows),
    menu: createMenuFlow(() => flows),
    topics: createTopicsFlow(() => flows),
    intake: createIntakeFlow(() => flows),
    delete: createDeleteFlow(() => flows),
  };
  return flows;
}
