import { describe, expect, it } from "vitest";
import { readNoteSummary } from "./note-summary";
import { engagementOf, followUpsOf, keyThemes, sentencesOf, summarizeNotesLocally, wordsOf } from "./local-summary";

/* Real-looking notes, as tutors write them: a line, a paragraph with a list, other languages, nothing. */

const LONG_NOTES = `Worked on quadratic equations: factorising and the quadratic formula. Maya was focused and asked great questions, though she got a little frustrated with negative coefficients.
- Completing the square is still shaky.
- Homework: exercises 4.2 and 4.3 on factorising.
Next session we should review completing the square before moving on to graphs of quadratics.`;

describe("summarizeNotesLocally", () => {
  it("a short note: its one theme, engagement unclear, no follow-ups", () => {
    expect(summarizeNotesLocally("Fractions. Good session.")).toEqual({ themes: ["fractions"], engagement: "unclear", followUps: [] });
  });

  it("a long note with a list: frequent themes, mixed engagement, the recommending sentences", () => {
    expect(summarizeNotesLocally(LONG_NOTES)).toEqual({
      themes: ["quadratic", "factorising", "completing", "square"],
      engagement: "moderate",
      followUps: ["Homework: exercises 4.2 and 4.3 on factorising.", "Next session we should review completing the square before moving on to graphs of quadratics."],
    });
  });

  it("is deterministic: the same notes give the same summary every time", () => {
    const first = JSON.stringify(summarizeNotesLocally(LONG_NOTES));
    for (let i = 0; i < 5; i += 1) expect(JSON.stringify(summarizeNotesLocally(LONG_NOTES))).toBe(first);
  });

  it("empty, blank or wordless notes have no summary", () => {
    for (const text of ["", "   \n\t ", "... !! --", "123 4.5"]) expect(summarizeNotesLocally(text)).toBeNull();
  });

  it("Spanish: themes from its frequent words (Spanish stop words left out); English cues do not match", () => {
    const notes =
      "Trabajamos las fracciones y los decimales. La alumna mostró mucho interés en las fracciones equivalentes. Para la próxima clase, practicar fracciones con denominadores distintos.";
    const summary = summarizeNotesLocally(notes)!;
    expect(summary.themes[0]).toBe("fracciones");
    expect(summary.themes).not.toContain("las");
    expect(summary.themes).not.toContain("para");
    expect(summary.engagement).toBe("unclear");
    expect(summary.followUps).toEqual([]);
  });

  it("Japanese (no spaces): words found by the segmenter, particles and hiragana fragments left out", () => {
    const notes = "今日は分数の足し算と引き算を練習しました。分数の通分がまだ難しいようです。次回は通分の復習をしましょう。";
    expect(sentencesOf(notes)).toHaveLength(3);
    const summary = summarizeNotesLocally(notes)!;
    expect(summary.themes[0]).toBe("分数");
    expect(summary.themes.every((theme) => /[\p{Script=Han}\p{Script=Katakana}]/u.test(theme))).toBe(true);
    expect(summary).toMatchObject({ engagement: "unclear", followUps: [] });
  });

  it("keeps markup as text: the summary is plain strings, escaped wherever it is shown", () => {
    const summary = summarizeNotesLocally("<script>alert(1)</script> We should practise <b>fractions</b> next time.")!;
    expect(summary.followUps).toEqual(["<script>alert(1)</script> We should practise <b>fractions</b> next time."]);
  });

  it("2,000 characters of one word is one theme and no crash", () => {
    expect(summarizeNotesLocally("algebra ".repeat(250).trim())).toEqual({ themes: ["algebra"], engagement: "unclear", followUps: [] });
  });
});

describe("keyThemes", () => {
  it("prefers repeated words once three repeat, then the first mentioned; merges a plural into its singular", () => {
    const words = wordsOf("Graphs and graph scales. Gradients, gradient, intercepts and intercept. Also tables once.");
    expect(keyThemes(words)).toEqual(["graph", "gradient", "intercept"]);
  });

  it("at most five", () => {
    expect(keyThemes(wordsOf("alpha bravo charlie delta echo foxtrot golf"))).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
  });
});

describe("engagementOf", () => {
  it.each([
    ["Very engaged and eager to try the harder problems.", "high"],
    ["She was distracted and seemed tired.", "low"],
    ["He didn't seem engaged and was not very focused.", "low"],
    ["Focused at first, then distracted after the break.", "moderate"],
    ["Enthusiastic, curious and focused, though tired at the end.", "high"],
    ["We covered chapter 3.", "unclear"],
    ["Estuvo muy atenta y participó mucho.", "unclear"],
  ])("%s → %s", (text, expected) => {
    expect(engagementOf(sentencesOf(text))).toBe(expected);
  });
});

describe("followUpsOf", () => {
  it("keeps recommending sentences in order, at most three, long ones shortened at a word", () => {
    const long = `Next time ${"we will keep going with the long division examples ".repeat(6).trim()}.`;
    const notes = ["We read chapter 2.", "Homework: page 14.", "She should review her times tables.", "Recommend a practice test.", long].join(" ");
    const followUps = followUpsOf(sentencesOf(notes));
    expect(followUps).toEqual(["Homework: page 14.", "She should review her times tables.", "Recommend a practice test."]);
    const shortened = followUpsOf(sentencesOf(long))[0];
    expect([...shortened].length).toBeLessThanOrEqual(200);
    expect(shortened.endsWith("…")).toBe(true);
    expect(shortened).toMatch(/ examples…$|\w…$/);
  });
});

describe("readNoteSummary", () => {
  it("reads a stored summary back and treats anything else as none", () => {
    const summary = { themes: ["fractions"], engagement: "high", followUps: [] };
    expect(readNoteSummary(summary)).toEqual(summary);
    expect(readNoteSummary(null)).toBeNull();
    expect(readNoteSummary({ themes: "x", engagement: "high", followUps: [] })).toBeNull();
    expect(readNoteSummary({ themes: [], engagement: "ecstatic", followUps: [] })).toBeNull();
  });
});
