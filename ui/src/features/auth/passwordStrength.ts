import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { useEffect, useState } from "react";

export interface Strength {
  /** 0 (guessable) to 4 (very strong); Rust accepts 3 and up. */
  score: number;
  /** What zxcvbn says is wrong and how to improve it, when anything is. */
  feedback: string | null;
}

export const STRONG_ENOUGH = 3;

let factory: Promise<ZxcvbnFactory> | undefined;

// The dictionaries are large: they load the first time a password is typed, not at start-up.
function loadEstimator(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return factory;
}

export async function estimateStrength(password: string, personal: string[]): Promise<Strength> {
  const result = (await loadEstimator()).check(password, personal.filter(Boolean));
  const parts = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean);
  return { score: result.score, feedback: parts.length > 0 ? parts.join(" ") : null };
}

/** The strength of `password` as the user types; null while nothing is typed or it is loading. */
export function usePasswordStrength(password: string, personal: string[]): Strength | null {
  const [strength, setStrength] = useState<{ password: string; value: Strength } | null>(null);
  const personalKey = personal.join("\n");
  useEffect(() => {
    if (password === "") {
      return;
    }
    let current = true;
    // The estimate only informs the meter: if it fails, the meter stays empty and Rust still decides.
    void estimateStrength(password, personalKey.split("\n")).then((value) => {
      if (current) {
        setStrength({ password, value });
      }
    });
    return () => {
      current = false;
    };
  }, [password, personalKey]);
  return strength && strength.password === password ? strength.value : null;
}
