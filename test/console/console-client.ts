// A browser stand-in for console tests: keeps cookies, follows nothing, finds the CSRF token on the
// last page so forms post like a real browser would.
export interface Page {
  status: number;
  html: string;
  location: string | null;
}

export class ConsoleClient {
  readonly baseUrl: string;
  readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair, ...attrs] = set.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, html, location: res.headers.get("location") };
  }

  get(path: string): Promise<Page> {
    return this.send(path, { method: "GET" });
  }

  /** Posts a form; `_csrf` is the last page's token unless given (null: leave it out). */
  post(path: string, fields: Record<string, string | string[]> = {}, csrf: string | null = this.csrf): Promise<Page> {
    const body = new URLSearchParams();
    if (csrf !== null) body.append("_csrf", csrf);
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.send(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  }

  /** Posts a multipart form with one file (`file`), with the last page's CSRF token. */
  upload(path: string, file: { name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = {}): Promise<Page> {
    const body = new FormData();
    body.append("_csrf", this.csrf);
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    body.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "text/csv" }), file.name);
    return this.send(path, { method: "POST", body });
  }

  /** Loads the sign-in page and signs in; returns the response to the form post. */
  async login(email: string, password: string): Promise<Page> {
    await this.get("/console/login");
    return this.post("/console/login", { email, password });
  }
}
