// The queue's filter form: a plain GET form (works without JavaScript), kept in the address so the
// live refresh and a reload show the same list.
import { BASE, type ConsoleVars } from "../context.ts";
import { CONCERNS, isFiltered, type QueueQuery } from "../services/queue-filter.ts";

type V = Pick<ConsoleVars, "t" | "lang" | "csrf" | "staff">;

export interface AreaOption {
  value: string;
  label: string;
}

function Choice(props: { id: string; label: string; any: string; value: string | undefined; options: AreaOption[] }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function QueueFilters(props: { v: V; query: QueueQuery; areas: AreaOption[] }) {
  const { t } = props.v;
  const q = props.query;
  return (
    <form method="get" action={BASE} class="card filters" role="search" aria-label={t("filters.label")}>
      <div class="row">
        <div>
          <label for="q">{t("filters.search")}</label>
          <input id="q" name="q" type="search" value={q.q ?? ""} maxlength={9} autocomplete="off" placeholder="#K7Q2" />
        </div>
        <Choice
          id="priority"
          label={t("filters.priority")}
          any={t("filters.any")}
          value={q.priority}
          options={(["crisis", "high", "normal"] as const).map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        />
        <Choice
          id="concern"
          label={t("case.concern")}
          any={t("filters.any")}
          value={q.concern}
          options={CONCERNS.map((c) => ({ value: c, label: t(`concern.${c}`) }))}
        />
        <Choice id="area" label={t("case.area")} any={t("filters.any")} value={q.area === undefined ? undefined : String(q.area)} options={props.areas} />
        <Choice
          id="holder"
          label={t("filters.holder")}
          any={t("filters.anyone")}
          value={q.holder}
          options={[
            { value: "mine", label: t("filters.mine") },
            { value: "unclaimed", label: t("filters.unclaimed") },
          ]}
        />
      </div>
      <p style="margin:10px 0 0">
        <button type="submit" class="secondary">
          {t("filters.apply")}
        </button>{" "}
        {isFiltered(q) ? <a href={BASE}>{t("filters.clear")}</a> : null}
      </p>
    </form>
  );
}
