import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** The repository's root (this file lives in scripts/). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Resolves a path under the shared folder that sits beside the repository (`../shared/...`, as CI clones
 * it). A git worktree (a `.git` file pointing into another checkout's .git/worktrees/) also looks beside
 * that main checkout, so worktrees elsewhere on disk find the same shared folder. Returns the first
 * candidate that exists, else the plain one (so the caller's error names the expected place).
 */
export function resolveSharedPath(relative: string): string {
  const plain = path.resolve(REPO_ROOT, relative);
  const candidates = [plain];
  const gitFile = path.join(REPO_ROOT, ".git");
  if (existsSync(gitFile) && statSync(gitFile).isFile()) {
    const match = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitFile, "utf8"));
    const marker = `${path.sep}.git${path.sep}worktrees${path.sep}`;
    const gitdir = match?.[1]?.trim();
    if (gitdir && gitdir.includes(marker)) candidates.push(path.resolve(gitdir.slice(0, gitdir.indexOf(marker)), relative));
  }
  return candidates.find((c) => existsSync(c)) ?? plain;
}
