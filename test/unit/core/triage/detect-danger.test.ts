import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DANGER_CATEGORIES,
  compileDangerCatalogue,
  detectDanger,
  loadDangerCatalogue,
  type DangerCategory,
} from "../../../../src/core/triage/detect-danger.ts";
import { LOCALES_DIR } from "../../../../src/shared/i18n/index.ts";

const catalogue = loadDangerCatalogue();

type Example = [label: string, text: string, expected: DangerCategory[]];

// expected [] means "no crisis".
const EXAMPLES: Example[] = [
  // Vietnamese with diacritics
  ["vi overdose", "Con tôi bị sốc thuốc, đang sùi bọt mép", ["overdose"]],
  ["vi overdose: not breathing", "Nó nằm im không thở, gọi không tỉnh", ["overdose"]],
  ["vi overdose: quá liều", "em trai chích quá liều rồi", ["overdose"]],
  ["vi suicide: muốn tự tử", "Con trai tôi nói muốn tự tử", ["suicide"]],
  ["vi suicide: bare tự tử with marks", "Nó vừa tự tử", ["suicide"]],
  ["vi suicide: không muốn sống nữa", "Mẹ ơi con không muốn sống nữa", ["suicide"]],
  ["vi self-harm: rạch tay", "Con bé tự rạch tay trong phòng", ["suicide"]],
  ["vi suicide: treo cổ", "anh ấy dọa treo cổ", ["suicide"]],
  ["vi suicide: muốn chết", "tôi muốn chết cho xong", ["suicide"]],
  ["vi violence: bị chồng đánh", "Tôi bị chồng đánh đập suốt", ["violence"]],
  ["vi violence: dọa giết, cầm dao", "Nó cầm dao dọa giết cả nhà", ["violence"]],
  ["vi violence: son beats mother", "Thằng con nghiện về đánh mẹ", ["violence"]],
  ["vi child: xâm hại", "Cháu gái tôi bị xâm hại", ["child_at_risk"]],
  ["vi child beats adult phrase by length", "bé bị hiếp", ["child_at_risk"]],
  ["vi held: bị bán sang Trung Quốc", "Chị tôi bị bán sang Trung Quốc", ["held_or_sold"]],
  ["vi held: nhốt, giữ giấy tờ", "Họ nhốt nó, giữ giấy tờ, không cho về", ["held_or_sold"]],
  ["vi held: lừa sang Campuchia", "con tôi bị lừa sang Campuchia làm việc", ["held_or_sold"]],
  ["vi held: Cam-pu-chia spelling", "bị lừa sang Cam-pu-chia", ["held_or_sold"]],
  ["vi two categories", "Nó bị đánh rồi bị nhốt trong phòng", ["held_or_sold", "violence"]],
  ["vi old-style tone placement (ma tuý)", "chắc là sốc ma tuý", ["overdose"]],
  ["vi decomposed (NFD) input", "muốn tự tử".normalize("NFD"), ["suicide"]],
  ["vi upper case", "CON TÔI MUỐN TỰ TỬ", ["suicide"]],
  // Vietnamese without diacritics
  ["folded: muon tu tu", "con toi muon tu tu", ["suicide"]],
  ["folded: dinh tu tu", "no dinh tu tu", ["suicide"]],
  ["folded: khong muon song nua", "em ko muon song nua", ["suicide"]],
  ["folded: soc thuoc", "ban trai em soc thuoc roi", ["overdose"]],
  ["folded: sui bot mep", "no sui bot mep khong tho", ["overdose"]],
  ["folded: bi danh", "me bi danh", ["violence"]],
  ["folded: doa giet", "chong toi doa giet toi", ["violence"]],
  ["folded: bi ban sang trung quoc", "em gai bi ban sang trung quoc", ["held_or_sold"]],
  ["folded: thu ho chieu", "cong ty thu ho chieu khong cho ve", ["held_or_sold"]],
  ["folded: xam hai", "chau bi xam hai", ["child_at_risk"]],
  ["folded with punctuation noise", "c.ứ.u... no dinh TU TU!!!", ["suicide"]],
  // English and mixed
  ["en suicide", "My son said he wants to kill himself", ["suicide"]],
  ["en threatened to kill himself is suicide, not violence", "He threatened to kill himself last night", ["suicide"]],
  ["en violence", "My husband threatened to kill me", ["violence"]],
  ["en overdose", "She overdosed and won't wake up", ["overdose"]],
  ["en held", "They took her passport and won't let her leave", ["held_or_sold"]],
  ["en child", "I think my daughter was sexually abused", ["child_at_risk"]],
  ["mixed vi/en", "help, con tôi overdose rồi", ["overdose"]],
  ["mixed folded vi + en", "my brother bi nhot in Cambodia", ["held_or_sold"]],
  // False-positive traps: no crisis expected
  ["trap: từ từ thôi con", "Từ từ thôi con", []],
  ["trap: tu tu roi tinh", "thoi tu tu roi tinh", []],
  ["trap: tu tu bare", "me noi con tu tu", []],
  ["trap: đám cưới", "Tuần sau nhà tôi có đám cưới", []],
  ["trap: tôi dám nói", "tôi dám nói là con tôi đã tiến bộ", []],
  ["trap: bị bạn rủ đi chơi", "con bi ban ru di choi", []],
  ["trap: killing time", "just killing time", []],
  ["trap: traffic is killing me", "this traffic is killing me", []],
  ["trap: dying to know", "I'm dying to know the meeting time", []],
  ["trap: bán hàng online", "tôi bán hàng online", []],
  ["trap: chết cười", "chết cười với thằng bé", []],
  ["trap: bị đánh giá", "con tôi bị đánh giá thấp ở lớp", []],
  ["trap: bi danh cua toi", "bi danh cua toi la gi", []],
  ["trap: lo muốn chết", "tôi lo muốn chết vì nó lại dùng ma túy", []],
  ["trap: lo muon chet folded", "toi lo muon chet", []],
  ["trap: treo cờ", "sáng mai treo cờ", []],
  ["trap: tủ sắt", "mua cai tu sat", []],
  ["trap: tư vấn (tự vẫn folded)", "toi can tu van", []],
  ["trap: không muốn sống chung", "Tôi không muốn sống chung với anh ta nữa", []],
  ["trap: chồng đánh bạc", "chồng tôi đánh bạc suốt", []],
  ["trap: keep documents advice", "tôi nên giữ giấy tờ ở đâu", []],
  ["trap: substring inside word", "sốc thuốcxx và tựtử", []],
  ["trap: English kill myself laughing", "I nearly killed myself laughing", []],
  ["trap: talking about the topic", "Tôi muốn tìm hiểu về ma túy và HIV", []],
  ["trap: sentence break", "Con tôi bị đánh. Giá như tôi biết sớm hơn", ["violence"]],
  ["exact beats harmless folded", "nó tự tử rồi tính sao đây", ["suicide"]],
  // Negations
  ["negation: không before a verb", "Chồng tôi không đánh tôi, chỉ hay cằn nhằn", []],
  ["negation: chưa before a verb", "nó chưa bao giờ dọa giết ai, chỉ chửi", []],
  ["negation typed in shorthand also holds in the English reading", "con toi ko co y dinh tu tu dau", []],
  ["negation: 'có ai không' asks, it does not deny", "có ai không cứu em với", ["plea"]],
  ["negation: a phrase that starts with không still counts", "nó nằm đó không thở", ["overdose"]],
  // A threat to kill over a school or work mishap is a figure of speech, unless fear, a blow or a weapon
  ["figure: kill me over grades", "my dad is going to kill me when he sees my exam results", []],
  ["figure: sếp over a late report", "sếp sẽ giết tôi nếu nộp báo cáo trễ", []],
  // Begging for help: 'làm ơn' / 'xin' with a clause that ends on the plea
  ["plea: please + help, typed bare", "lam on giup e voi", ["plea"]],
  ["plea: a help clause, then please", "Giúp em với, xin hãy", ["plea"]],
  ["plea: 'giúp tôi với' alone is the help command", "giúp tôi với", []],
  ["plea: please + a question stays calm", "làm ơn giúp tôi cách nói chuyện với con", []],
  // Suicide: dying "for relief", and a bare 'treo co' after 'sẽ'/'dọa' unless a flag is meant
  ["suicide: die for relief, typed bare", "chan qua roi, chac chet di cho khuat mat", ["suicide"]],
  ["suicide: says she will hang herself, typed bare", "no nhan tin noi se treo co", ["suicide"]],
  ["trap: sẽ treo cờ, typed bare, with a flag word", "mai nha t se treo co truoc cua", []],
  ["trap: relief words after a medicine", "uống thuốc cho đỡ mệt", []],
  // One typed word is not two concepts of one rule: bare "ban" is not both "bị bán" and "bán dâm"
  ["one word, one concept: bi ban dam is bị bạn đấm, not sold", "hom qua con bi ban dam o lop", ["violence"]],
  // English words that are Vietnamese syllables typed bare: 'bat' is bắt (make) or bát (bowl), not a weapon
  ["trap: bare 'bat' is bắt, not a baseball bat", "me bat con di hoc them buoi toi", []],
  ["en: a bat is still a weapon", "he came at me with a bat", ["violence"]],
  ["held: lured into a company, made to work, no place named", "con toi bi lua vao mot cong ty, ho bat lam tu sang den dem khong luong", ["held_or_sold"]],
  // Idioms and figures: 'giết thời gian', 'bắt cóc bỏ đĩa', a sensation + 'muốn chết'; bare 'bi ban' + verb is 'bị bạn'
  ["trap: giết thời gian", "tối nay tôi sẽ giết thời gian bằng phim", []],
  ["trap: bắt cóc bỏ đĩa", "tụi nhỏ chơi bắt cóc bỏ đĩa ngoài sân", []],
  ["trap: a sensation + muốn chết", "trời nắng, khát muốn chết", []],
  ["trap: bi ban lay (bị bạn lấy), not sold", "con bi ban lay mat dien thoai", []],
  ["held: bi ban cho (sold to) still counts", "chi e bi ban cho 1 ong ben kia bien gioi", ["held_or_sold"]],
  ["en suicide: not wanting to be alive", "honestly I don't want to be alive anymore", ["suicide"]],
  ["child: an adult relative touching the writer", "my uncle keeps touching me when mom is out", ["child_at_risk"]],
  ["a word inside a longer match of another term still counts", "my husband is kicking the door in", ["violence"]],
  ["figure kept a crisis by fear", "my husband says he will kill me if I'm late for work again, I'm so scared", ["violence"]],
];

describe("detectDanger", () => {
  it("has at least 40 labelled examples", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(EXAMPLES)("%s", (_label, text, expected) => {
    const result = detectDanger(text, catalogue);
    expect(result.crisis).toBe(expected.length > 0);
    expect(result.categories).toEqual(expected);
  });

  it("scores exact 1.0, folded 0.8, ambiguous folded 0.3, other marks 0.3", () => {
    expect(detectDanger("muốn tự tử", catalogue).score).toBe(1);
    expect(detectDanger("muon tu tu", catalogue).score).toBe(0.8);
    expect(detectDanger("tu tu", catalogue).score).toBe(0.3);
    expect(detectDanger("từ từ", catalogue).score).toBe(0.3);
    expect(detectDanger("tu tu", catalogue)).toEqual({ crisis: false, categories: [], score: 0.3, kind: null, reasons: [] });
    expect(detectDanger("xin chào", catalogue)).toEqual({ crisis: false, categories: [], score: 0, kind: null, reasons: [] });
  });

  it("treats old and new tone placement alike; other marks make another word", () => {
    const local = compileDangerCatalogue({
      xx: fileWith({ violence: [{ phrase: "hoà thuỷ" }] }),
    });
    expect(detectDanger("hòa thủy", local).score).toBe(1);
    expect(detectDanger("hoà thuỷ", local).score).toBe(1);
    expect(detectDanger("hoa thuy", local).score).toBe(0.8);
    expect(detectDanger("hóa thủy", local).score).toBe(0.3);
  });

  it("reports a primary kind (the more specific on a near-tie) and the data that fired, never the message", () => {
    const both = detectDanger("Nó bị đánh rồi bị nhốt trong phòng", catalogue);
    expect(both.kind).toBe("held_or_sold");
    expect(detectDanger("con tôi mới 10 tuổi, bị bố dượng đánh bầm tím khắp người", catalogue).kind).toBe("child_at_risk");
    expect(detectDanger("em 16t bị ép bán dâm ở quán karaoke", catalogue).kind).toBe("child_at_risk");
    expect(detectDanger("my wife left a goodbye note and took all her pills", catalogue).kind).toBe("suicide");
    expect(both.reasons.length).toBeGreaterThan(0);
    expect(both.reasons.every((r) => /^(phrase|rule|guard):/.test(r))).toBe(true);
    expect(detectDanger("con tôi uống cả vỉ thuốc ngủ, giờ bị đánh thức không dậy", catalogue).kind).toBe("overdose");
  });

  it("stays calm on 'I'm off', siblings squabbling and an afternoon home alone", () => {
    for (const text of [
      "con đi đây",
      "con đi trước nha mẹ",
      "hai đứa nhỏ giành remote, đứa lớn tát đứa nhỏ",
      "để hai đứa nhỏ ở nhà một mình chiều nay, 5h tôi về",
    ]) {
      expect(detectDanger(text, catalogue).crisis, text).toBe(false);
    }
    expect(detectDanger("chồng đi nhậu cả đêm để 2 đứa nhỏ ở nhà một mình", catalogue).kind).toBe("child_at_risk");
    expect(detectDanger("hai đứa nhỏ bị bố dượng đánh vì giành remote", catalogue).kind).toBe("child_at_risk");
  });

  it("reads a closing 'có … đâu' / 'gì đâu' typed with marks as a denial, and nothing wider", () => {
    for (const text of ["nó có đánh con đâu mẹ", "tui có bị nhốt đâu", "có ai đánh nhau gì đâu"]) {
      expect(detectDanger(text, catalogue).crisis, text).toBe(false);
    }
    for (const text of ["mẹ có biết nó đánh con thế nào đâu", "con hổng làm phiền má lâu nữa đâu, má ráng giữ sức khỏe", "nó đánh em, có ai giúp đâu"]) {
      expect(detectDanger(text, catalogue).crisis, text).toBe(true);
    }
  });

  it("reports a bare plea only when nothing more specific fired", () => {
    expect(detectDanger("cứu tôi với", catalogue).categories).toEqual(["plea"]);
    expect(detectDanger("cứu tôi với, chồng tôi đang đánh tôi", catalogue).categories).toEqual(["violence"]);
  });

  it("lets a longer phrase of another category win", () => {
    const local = compileDangerCatalogue({
      xx: fileWith({ violence: [{ phrase: "bị đánh" }], held_or_sold: [{ phrase: "bị đánh thuốc mê" }] }),
    });
    expect(detectDanger("em bị đánh thuốc mê", local).categories).toEqual(["held_or_sold"]);
    expect(detectDanger("em bị đánh", local).categories).toEqual(["violence"]);
  });

  it("handles empty and symbol-only text", () => {
    expect(detectDanger("", catalogue).crisis).toBe(false);
    expect(detectDanger("🙏🙏 ...", catalogue).crisis).toBe(false);
  });
});

describe("triage catalogues", () => {
  const read = (lng: string): { categories: Record<string, unknown[]> } => JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, lng, "triage.json"), "utf8"));

  it("vi and en have the same category keys, all of DANGER_CATEGORIES", () => {
    const vi = Object.keys(read("vi").categories).sort();
    const en = Object.keys(read("en").categories).sort();
    expect(vi).toEqual(en);
    expect(vi).toEqual([...DANGER_CATEGORIES].sort());
  });

  it("has 8+ phrases per category in vi and 6+ in en", () => {
    for (const c of DANGER_CATEGORIES) {
      expect(read("vi").categories[c]?.length ?? 0, `vi ${c}`).toBeGreaterThanOrEqual(8);
      expect(read("en").categories[c]?.length ?? 0, `en ${c}`).toBeGreaterThanOrEqual(6);
    }
  });

  it("loads both languages", () => {
    expect([...catalogue.languages].sort()).toEqual(["en", "vi"]);
  });

  it("rejects an invalid file, naming the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triage-"));
    fs.mkdirSync(path.join(dir, "vi"));
    fs.writeFileSync(path.join(dir, "vi", "triage.json"), JSON.stringify({ categories: { overdose: [] } }));
    expect(() => loadDangerCatalogue(dir)).toThrow(/triage\.json/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rejects ambiguousWhenFolded on a phrase without diacritics", () => {
    expect(() => compileDangerCatalogue({ xx: fileWith({ suicide: [{ phrase: "tu tu", ambiguousWhenFolded: true }] }) })).toThrow(/no diacritics/);
  });
});

type Phrases = { phrase: string; ambiguousWhenFolded?: boolean }[];

function fileWith(overrides: Partial<Record<DangerCategory, Phrases>>) {
  const filler: Phrases = [{ phrase: "zzz qqq" }];
  const categories = Object.fromEntries(DANGER_CATEGORIES.map((c) => [c, overrides[c] ?? filler])) as Record<DangerCategory, Phrases>;
  return { categories };
}
