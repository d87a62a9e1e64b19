// The web chat page's stylesheet (inline: the CSP allows inline styles, never inline scripts).
export const STYLE = `
:root{--bg:#f6f7f4;--ink:#1d2a24;--muted:#4b5a52;--brand:#0b6e4f;--brand-ink:#fff;--bubble:#fff;--mine:#dff0e7;--line:#cfd8d2;--warn:#8a1c1c}
*{box-sizing:border-box}html,body{height:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:var(--bg);color:var(--ink);display:flex;flex-direction:column}
header{background:var(--brand);color:var(--brand-ink);padding:8px 16px}
header h1{margin:0;font-size:1.05rem}header a.lang{color:#fff;font-size:.85rem}header p{margin:2px 0 0;font-size:.85rem;opacity:.95}
.emergency{background:#fff4f4;color:var(--warn);border-bottom:1px solid #f0caca;padding:4px 16px;font-size:.85rem;font-weight:600;margin:0}
.emergency a{color:var(--warn)}
details.privacy{font-size:.85rem;color:var(--muted);padding:4px 16px;border-bottom:1px solid var(--line);background:#fff}
details.privacy summary{cursor:pointer;min-height:28px;line-height:28px}details.privacy p{margin:0 0 6px}
main{flex:1;overflow-y:auto;padding:12px;max-width:720px;width:100%;margin:0 auto}
.msg{max-width:88%;margin:6px 0;padding:10px 12px;border-radius:14px;background:var(--bubble);border:1px solid var(--line);white-space:pre-wrap;overflow-wrap:anywhere}
.msg.mine{margin-left:auto;background:var(--mine);border-color:#b9dcc9}
.msg .who{display:block;font-size:.75rem;color:var(--muted);margin-bottom:2px}
.msg.pending{opacity:.7}.msg.failed{border-color:var(--warn)}
.msg.crisis{max-width:100%;background:#fff4f4;border:2px solid var(--warn);white-space:normal}.crisis-title{display:block;color:var(--warn);font-size:1.05rem}
.calls{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}.calls a.call{display:inline-flex;align-items:center;min-height:48px;padding:8px 16px;border-radius:12px;background:var(--warn);color:#fff;font-weight:700;font-size:1.05rem;text-decoration:none}
.msg.crisis ol{margin:6px 0;padding-left:1.4em}.msg.crisis li{margin:4px 0}.msg.crisis p{margin:6px 0 0}
.options{display:flex;flex-direction:column;gap:6px;margin-top:8px}
.options button{font:inherit;text-align:left;padding:10px 12px;min-height:44px;border-radius:10px;border:1px solid var(--brand);background:#fff;color:var(--brand);cursor:pointer}
.options button:hover{background:#eef7f2}.options button:disabled{opacity:.5;cursor:default;border-color:var(--line);color:var(--muted)}
button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid var(--line);background:#fff;max-width:720px;width:100%;margin:0 auto}
textarea{flex:1;font:inherit;padding:10px;border:1px solid #8fa398;border-radius:10px;resize:none;min-height:44px;max-height:140px}
form button{font:inherit;font-weight:600;padding:0 18px;min-height:44px;border:0;border-radius:10px;background:var(--brand);color:var(--brand-ink);cursor:pointer}
.status{font-size:.85rem;color:var(--muted);text-align:center;min-height:1.2em;margin:0}
.safety{display:flex;gap:4px 8px;padding:4px 12px;background:#fff;border-bottom:1px solid var(--line);align-items:center;flex-wrap:wrap}
.safety button{font:inherit;font-size:.9rem;min-height:36px;padding:0 12px;border-radius:10px;cursor:pointer}
#leave{background:var(--warn);color:#fff;border:0;font-weight:700}
#clear{background:#fff;color:var(--ink);border:1px solid #8fa398}
.safety-line{font-size:.8rem;color:var(--muted);margin:0;flex:1 1 200px}
.panel{background:#fffbea;border-bottom:1px solid #e6d9a8;padding:10px 16px;font-size:.9rem}
.panel p{margin:0 0 8px}.panel .code{font:700 1.4rem/1.2 ui-monospace,monospace;letter-spacing:.15em;user-select:all}
.panel button{font:inherit;min-height:40px;padding:0 14px;border-radius:10px;margin-right:8px;cursor:pointer;border:1px solid #8fa398;background:#fff}
.panel button.danger{background:var(--warn);color:#fff;border:0}
details.return form{padding:0;border:0;flex-wrap:wrap;max-width:none}
details.return input{font:inherit;padding:8px;border:1px solid #8fa398;border-radius:8px;min-height:40px;flex:1 1 120px}
.msg.counsellor{border-color:var(--brand);border-left-width:5px;background:#f1f8f4}.msg.counsellor .who{color:var(--brand);font-weight:700}
.counter{font-size:.8rem;color:var(--muted);text-align:right;margin:0 auto;padding:0 12px;max-width:720px;width:100%;min-height:1.1em}
.counter.over{color:var(--warn);font-weight:600}
body.talking .welcome-only{display:none}
[hidden]{display:none!important}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;
