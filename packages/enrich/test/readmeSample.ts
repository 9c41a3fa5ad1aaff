/**
 * @module This package's README and the sample files it shows, for the README tests.
 */
import { readmeSamples } from "../../../tests/support/readmeSamples.js";

export const { readme, sample } = readmeSamples(import.meta.url);
