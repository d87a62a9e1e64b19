// The situations the phrase catalogue alone used to miss, and the everyday traps around them.
// Different sentences from the evaluation set, so these also check that rules generalise.
import { describe, expect, it } from "vitest";
import { detectDanger, loadDangerCatalogue, type DangerCategory } from "../../../../src/core/triage/index.ts";

const catalogue = loadDangerCatalogue();
type Case = [text: string, expected: DangerCategory | "calm"];

const CASES: Case[] = [
  // added with held-out rounds 4 and 5 (other wordings than the rounds' own)
  ["bé 3 tuổi nhà tôi uống phải thuốc diệt chuột", "overdose"],
  ["my toddler drank some drain cleaner", "overdose"],
  ["the boss wont let us leave the compound", "held_or_sold"],
  ["i dont see a reason to keep going, i've been saving up pills", "suicide"],
  ["ông bảo vệ gọi con gái tôi vào phòng riêng rồi khóa cửa", "child_at_risk"],
  ["di ghe dí thuốc lá vào tay con riêng của chồng", "child_at_risk"],
  ["cô ấy dọa sẽ lao xe xuống sông", "suicide"],
  ["mình đang làm tiểu luận về bạo lực gia đình, đang cần số liệu", "calm"],
  ["không phải em muốn chết đâu, chỉ mệt thôi", "calm"],
  ["đội mình đánh bại đội bạn 2-1", "calm"],
  ["tomorrow is my last day at work, i've decided to travel", "calm"],
  // minor + forced + sex work
  ["cháu gái tôi mới 14 tuổi bị chủ quán ép tiếp khách", "child_at_risk"],
  ["con be 16t bi bon no bat di khach", "child_at_risk"],
  ["my 15 year old sister is being forced into prostitution", "child_at_risk"],
  // someone + beating + me/child + now
  ["ck e đang đánh con, e can ko được", "violence"],
  ["bo no dang dap thang be", "violence"],
  ["he is hitting my son right now", "violence"],
  // held + cannot leave
  ["vợ tôi bị chủ nhà giữ lại, không cho về quê", "held_or_sold"],
  ["e bi nhot o xuong, ko ra ngoai dc", "held_or_sold"],
  ["they locked my cousin in and she can't leave", "held_or_sold"],
  // pills + quantity + swallowed
  ["mẹ tôi vừa uống hết vỉ thuốc an thần", "overdose"],
  ["nó nuốt 30 viên thuốc ngủ rồi", "overdose"],
  ["my dad swallowed a handful of sleeping pills", "overdose"],
  // drug street names + unconscious / seizure / not breathing
  ["ban e choi da xong bat tinh", "overdose"],
  ["anh ấy hút hàng đá rồi co giật", "overdose"],
  ["nó hít ke, giờ không thở", "overdose"],
  ["bạn tôi uống kẹo xong ngất xỉu", "overdose"],
  ["thằng em dùng thuốc lắc, giờ mê man", "overdose"],
  // a bare plea
  ["cứu", "plea"],
  ["cứu tôi với", "plea"],
  ["CUUUU", "plea"],
  ["help me", "plea"],
  // traps: sport, food and drink, figures of speech, routines, từ từ, history
  ["chiều nay thằng bé đi đá bóng", "calm"],
  ["cho em ly trà đá", "calm"],
  ["bé thích kẹo mút", "calm"],
  ["chết cười với clip này", "calm"],
  ["mệt chết đi được", "calm"],
  ["sáng nào bố cũng uống thuốc huyết áp", "calm"],
  ["từ từ rồi con nói", "calm"],
  ["tu tu thoi ma", "calm"],
  ["hồi nhỏ tôi từng bị bố đánh", "calm"],
  ["năm ngoái anh ấy có lần sốc thuốc, giờ khỏe rồi", "calm"],
  ["help", "calm"],
  ["giúp tôi với", "calm"],
  ["hội cựu chiến binh", "calm"],
  ["tôi muốn nghiên cứu về ma túy", "calm"],
];

describe("situations", () => {
  it.each(CASES)("%s → %s", (text, expected) => {
    const result = detectDanger(text, catalogue);
    if (expected === "calm") expect(result.crisis).toBe(false);
    else expect(result.categories).toContain(expected);
  });
});
