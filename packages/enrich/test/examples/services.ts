// Stand-ins for a vector store, a profile store and a model client, for the README samples.

export async function searchDocs(query: string): Promise<string[]> {
  return [
    `Annual plans can be refunded within 30 days. (${query})`,
    "Monthly plans are not refunded, but you can cancel at any time. ".repeat(40),
  ];
}

export async function loadProfile(userId: string) {
  return { id: userId, plan: "annual", topics: ["billing"] };
}

export async function callModel(prompt: string): Promise<string> {
  return `answer based on ${prompt.length} characters`;
}
