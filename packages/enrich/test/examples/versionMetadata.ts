import { VersionMetadata } from "@stageflow/enrich";
import { FakeClock } from "@stageflow/testing";

const docs = ["Annual plans can be refunded within 30 days."];
const clock = new FakeClock({ now: Date.now() + 2 * 3600 * 1000 }); // some clock, two hours ahead

// #region meta
const meta = VersionMetadata.create({
  contentId: "kb:refunds",
  source: "vector-store",
  content: docs,
  ttlSeconds: 3600,
});
console.log(meta.version); // "sha256:…" (first 12 hex digits of the checksum) when no version is given
console.log(meta.checksum); // full hex SHA-256 of the content
console.log(meta.isStale); // on the metadata's clock (default systemClock; pass ctx.clock in a stage)
console.log(meta.isStaleAt(clock.now())); // for any instant
console.log(VersionMetadata.fromJSON(JSON.parse(JSON.stringify(meta)), clock).isStale); // a copy, on a clock
// #endregion

export { docs, meta };
