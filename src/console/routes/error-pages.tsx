// The console's error boundary: known refusals become a page with their message, CSRF failures a
// 403, unknown paths a 404, and anything else is logged and answered with a generic 500 page.
import type { ErrorHandler, MiddlewareHandler, NotFoundHandler } from "hono";
import type { Logger } from "../../shared/logging/logger.ts";
import { render, type ConsoleEnv } from "../context.ts";
import { isAppError } from "../../shared/errors/app-error.ts";
import { MessagePage } from "../views/auth-pages.tsx";

export function csrfRejected(logger: Logger): MiddlewareHandler<ConsoleEnv> {
  return (c) => {
    logger.warn({ path: c.req.path }, "console form rejected: bad CSRF token");
    return render(c, <MessagePage v={c.var} title={c.var.t("errors.csrfTitle")} text={c.var.t("errors.csrf")} />, 403);
  };
}

export const notFoundPage: NotFoundHandler<ConsoleEnv> = (c) =>
  render(c, <MessagePage v={c.var} title={c.var.t("errors.notFoundTitle")} text={c.var.t("errors.not_found")} />, 404);

export function errorPage(logger: Logger): ErrorHandler<ConsoleEnv> {
  return (error, c) => {
    if (isAppError(error) && c.var.t) {
      const title = c.var.t(error.code === "not_found" ? "errors.notFoundTitle" : "errors.title");
      return render(c, <MessagePage v={c.var} title={title} text={c.var.t(`errors.${error.code}`)} />, error.httpStatus);
    }
    logger.error({ err: error, path: c.req.path, method: c.req.method }, "console request failed");
    if (!c.var.t) return c.text("Internal error", 500);
    return render(c, <MessagePage v={c.var} title={c.var.t("errors.title")} text={c.var.t("errors.generic")} />, 500);
  };
}
