/**
 * File-system failures a person can fix, said in words: which path, what is wrong with it. Commands
 * add what to do in their own terms (another --target, a writable project folder).
 */

const errno = (error: unknown): NodeJS.ErrnoException | undefined =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string'
    ? (error as NodeJS.ErrnoException)
    : undefined;

/**
 * What a failed file-system call means, naming its path, or `undefined` when the error is not one
 * of the file system's (a bug, which should keep its stack trace).
 */
export function explainFsError(error: unknown): string | undefined {
  const failure = errno(error);
  if (!failure?.code) return undefined;
  const file = failure.path ?? 'a file';
  const how = failure.syscall ? `${failure.code}, ${failure.syscall}` : failure.code;
  switch (failure.code) {
    case 'EACCES':
    case 'EPERM':
      return `${file} cannot be written (${how}): check the owner and permissions of it and of its folder, and whether either is immutable (lsattr -d)`;
    case 'EROFS':
      return `${file} cannot be written (${how}): it is on a read-only file system`;
    case 'ENOTDIR':
      return `${file} cannot be created (${how}): a part of that path is a file, not a folder`;
    case 'EEXIST':
      return `${file} already exists (${how}) and is not what belongs there`;
    case 'EISDIR':
      return `${file} is a folder where a file was expected (${how})`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${file} cannot be written (${how}): no space left on its device, or over quota`;
    case 'ENOENT':
      return `${file} does not exist (${how})`;
    default:
      return failure.syscall ? `${file} failed (${how})` : undefined;
  }
}
