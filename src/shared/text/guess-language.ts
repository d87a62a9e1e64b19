// A small, explainable guess of a message's language, Vietnamese or English, for proposing the person's
// language from their first message (and from the browser's Accept-Language). It answers only when the
// evidence is clear and returns undefined otherwise, so the caller keeps what it had:
//   - any letter only Vietnamese uses (đ, ă, â, ê, ô, ơ, ư, or a tone mark on a vowel) → vi;
//   - otherwise words are counted: common Vietnamese words typed without marks (khong, ko, toi, duoc…)
//     against English function words (the, my, is, and…); words both languages use ("a", "me", "ban",
//     "con", "to", "do") count for neither.

export type GuessedLanguage = "vi" | "en";

/** Vietnamese-only letters, in NFC: đ ă â ê ô ơ ư and the vowels with any of the five tone marks. */
const VI_LETTERS = /[đăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

const VI_WORDS = new Set(
  (
    "khong ko hok hong k e t r j toi minh chung tui tao anh chi em bn cua duoc dc dk nguoi dang roi voi cho nay gi lam thi nhung nha oi vay sao muon " +
    "giup cuu nhieu qua chet nua mot tam muoi ck vk ny ntn nhe nhen ak uong thuoc chong vo chau biet dau kia ai het bi nhu cung chua xin chao " +
    "gium lai xuong tien viec hom mai dem chieu nao thang dua lon tre nguy hiem luon trong ngoai vao ra duoi hay"
  ).split(" "),
);

const EN_WORDS = new Set(
  (
    "the and is are was were i im ive my mine you your youre he his him she her its they their we our us of in with for not dont cant wont " +
    "what when where who why how please pls plz help hello hey this that these those have has had am been will would could should just but at " +
    "from about there here because if some any all very really need want took take taking pills friend mom dad sister brother boyfriend " +
    "girlfriend husband wife someone somebody anyone now right scared afraid hurt"
  ).split(" "),
);

/** Words both languages use ("be" is bé, "on" is ổn, "can" is cần, "them" is thêm…): they count for neither side. */
const SHARED = new Set([
  "a",
  "an",
  "me",
  "ban",
  "con",
  "to",
  "do",
  "ma",
  "la",
  "bo",
  "ba",
  "hai",
  "nam",
  "sau",
  "o",
  "be",
  "on",
  "can",
  "it",
  "them",
  "than",
  "may",
  "rat",
  "day",
  "van",
  "cam",
  "sang",
  "ben",
  "nho",
  "ong",
  "bay",
  "so",
]);

export function guessLanguage(text: string): GuessedLanguage | undefined {
  const normal = text.normalize("NFC");
  if (VI_LETTERS.test(normal)) return "vi";
  let vi = 0;
  let en = 0;
  for (const word of normal.toLowerCase().match(/[a-z']+/g) ?? []) {
    const w = word.replace(/'/g, "");
    if (EN_WORDS.has(w) && !SHARED.has(w)) en += 1;
    if (VI_WORDS.has(w) && !SHARED.has(w)) vi += 1;
  }
  // English needs two function words (a lone "hi" or "ok" is typed in Vietnamese too); either side must clearly lead.
  if (en >= 2 && en >= 2 * vi) return "en";
  if (vi >= 1 && vi >= 2 * en && vi > en) return "vi";
  return undefined;
}

/** The supported language the browser prefers most (Accept-Language, q-values honoured); undefined when none. */
export function preferredLanguage(header: string | undefined, supported: readonly string[] = ["vi", "en"]): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && Number.isFinite(r.q) && supported.includes(r.base))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.base;
}
