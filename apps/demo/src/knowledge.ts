/**
 * @module The demo's embedded data: help-centre documents, user profiles and conversation memory.
 */

/** A help-centre document the retrieval stage can find. */
export interface HelpDocument {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly keywords: readonly string[];
  /** When the document was last refreshed, in seconds before the demo starts. */
  readonly ageSeconds: number;
  /** How long the document may be trusted, in seconds. */
  readonly ttlSeconds: number;
}

/** The help centre. One document is past its TTL, so the run reports stale content. */
export const HELP_DOCUMENTS: readonly HelpDocument[] = [
  {
    id: "refunds-annual",
    title: "Refunds on annual plans",
    body: "Annual plans are refunded pro rata within 14 days of a request. The money reaches the original card in 5 to 10 business days.",
    keywords: ["refund", "refunds", "annual", "money", "card"],
    ageSeconds: 3_600,
    ttlSeconds: 86_400,
  },
  {
    id: "refunds-monthly",
    title: "Refunds on monthly plans",
    body: "Monthly plans are not refunded, but you can cancel at any time and keep access until the end of the period.",
    keywords: ["refund", "refunds", "monthly", "cancel"],
    ageSeconds: 200_000,
    ttlSeconds: 86_400,
  },
  {
    id: "billing-cycle",
    title: "When you are billed",
    body: "Billing happens on the day your plan started. Invoices are emailed to the account owner.",
    keywords: ["billing", "invoice", "billed", "plan"],
    ageSeconds: 7_200,
    ttlSeconds: 604_800,
  },
  {
    id: "password-reset",
    title: "Resetting your password",
    body: "Use the link on the sign-in page. The link expires after one hour.",
    keywords: ["password", "reset", "sign-in", "login"],
    ageSeconds: 100,
    ttlSeconds: 604_800,
  },
];

/** A user profile. */
export interface Profile {
  readonly name: string;
  readonly plan: "monthly" | "annual";
  readonly language: string;
}

/** Profiles by user id. */
export const PROFILES: Readonly<Record<string, Profile>> = {
  "user-ada": { name: "Ada", plan: "annual", language: "en" },
  "user-grace": { name: "Grace", plan: "monthly", language: "en" },
};

/** Earlier conversation turns by user id, most recent last. */
export const MEMORIES: Readonly<Record<string, readonly string[]>> = {
  "user-ada": ["Asked how to download invoices.", "Upgraded to the annual plan last month."],
  "user-grace": ["Reported a sign-in problem."],
};

/**
 * Scores documents by keyword overlap with the question.
 * @param question - the user's text
 * @param limit - most documents returned
 * @returns the best matches, best first
 */
export function searchDocuments(question: string, limit = 3): HelpDocument[] {
  const words = new Set(question.toLowerCase().match(/[a-z-]+/g) ?? []);
  return HELP_DOCUMENTS.map((doc) => ({ doc, score: doc.keywords.filter((k) => words.has(k)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id))
    .slice(0, limit)
    .map((x) => x.doc);
}
