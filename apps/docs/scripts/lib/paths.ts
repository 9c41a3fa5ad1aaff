/**
 * @module Well-known directories of the docs app.
 */
import { fileURLToPath } from "node:url";

/** `apps/docs/`. */
export const docsDir = fileURLToPath(new URL("../../", import.meta.url));
/** The repository root. */
export const repoDir = fileURLToPath(new URL("../../../../", import.meta.url));
/** Hand-written guides (typedoc project documents). */
export const guidesDir = `${docsDir}guides`;
/** Compiled and executed code samples. */
export const examplesDir = `${docsDir}examples`;
/** Pages generated from the source of truth (schemas, event types, graphs); git-ignored. */
export const generatedDir = `${docsDir}.generated`;
/** The built site; git-ignored. */
export const siteDir = `${docsDir}.site`;
/** Screenshots and other CI artifacts; git-ignored. */
export const artifactsDir = `${docsDir}.artifacts`;
