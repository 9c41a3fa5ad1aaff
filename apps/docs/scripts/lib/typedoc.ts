/**
 * @module Runs typedoc the way its CLI does (warnings are errors), plus one monorepo link rule.
 */
import type { Comment } from "typedoc";
import {
  Application,
  Converter,
  PackageJsonReader,
  ReflectionKind,
  TSConfigReader,
  TypeDocReader,
  type CommentDisplayPart,
  type Context,
  type DeclarationReflection,
  type ProjectReflection,
  type Reflection,
} from "typedoc";

/** What {@link runTypedoc} did. */
export interface TypedocResult {
  /** True when the site was written with no error and no warning. */
  readonly ok: boolean;
  /** Bare `{@link Name}` references resolved across packages (see {@link linkAcrossPackages}). */
  readonly crossPackageLinks: readonly string[];
}

function partsOf(reflection: Reflection): CommentDisplayPart[][] {
  const comments: Comment[] = [];
  if (reflection.comment) comments.push(reflection.comment);
  if (reflection.isDeclaration() && reflection.signatures) {
    for (const s of reflection.signatures) if (s.comment) comments.push(s.comment);
  }
  return comments.flatMap((c) => [c.summary, ...c.blockTags.map((t) => t.content)]);
}

/**
 * A doc comment in one package may say `{@link EventSink}` about a type another package exports; in
 * the package's own editor tooling that reads fine, but typedoc resolves names per entry point. When
 * such a bare name matches exactly one top-level export in the whole site, link to it; an ambiguous or
 * unknown name stays unresolved and fails the build as usual.
 * @param project - the converted project, after typedoc's own link resolution
 * @returns `"Name (in Owner)"` for each link resolved this way
 */
export function linkAcrossPackages(project: ProjectReflection): string[] {
  const byName = new Map<string, DeclarationReflection[]>();
  for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
    for (const child of module.children ?? [])
      byName.set(child.name, [...(byName.get(child.name) ?? []), child]);
  }
  const resolved: string[] = [];
  for (const reflection of Object.values(project.reflections)) {
    for (const parts of partsOf(reflection)) {
      for (const part of parts) {
        if (part.kind !== "inline-tag" || !part.tag.startsWith("@link") || part.target !== undefined)
          continue;
        const name = part.text.trim();
        const candidates = byName.get(name) ?? [];
        // The same declaration re-exported by several entry points still counts as one target.
        const unique = new Set(candidates.map((c) => c.sources?.[0]?.fullFileName ?? c.id));
        if (candidates.length > 0 && unique.size === 1) {
          (part as { target?: Reflection }).target = candidates[0] as DeclarationReflection;
          resolved.push(`${name} (in ${reflection.getFriendlyFullName()})`);
        }
      }
    }
  }
  return resolved;
}

/**
 * Converts, validates and renders with the options in `optionsFile`.
 * @param optionsFile - a typedoc.json
 * @returns whether it succeeded and which links needed the cross-package rule
 */
export async function runTypedoc(optionsFile: string): Promise<TypedocResult> {
  const app = await Application.bootstrapWithPlugins({ options: optionsFile }, [
    new TypeDocReader(),
    new PackageJsonReader(),
    new TSConfigReader(),
  ]);
  const crossPackageLinks: string[] = [];
  // After typedoc's own link resolution (priority -300), before validation.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context: Context) => {
      crossPackageLinks.push(...linkAcrossPackages(context.project));
    },
    -400,
  );
  const strict = (): boolean => !app.logger.hasErrors() && !app.logger.hasWarnings();
  if (!strict()) return { ok: false, crossPackageLinks };
  const project = await app.convert();
  if (project === undefined || !strict()) return { ok: false, crossPackageLinks };
  app.validate(project);
  if (!strict() || app.logger.validationWarningCount > 0) return { ok: false, crossPackageLinks };
  await app.generateOutputs(project);
  return { ok: strict(), crossPackageLinks };
}
