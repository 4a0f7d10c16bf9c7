namespace Nitrolyte.Core;

/// <summary>
/// Inputs are never outputs: every command that writes files asks this guard, before any work runs, whether an
/// output path resolves (full path, symbolic links followed in every component) to one of its input files, or
/// whether an output folder it replaces or cleans would hold one of them. A refusal is a
/// <see cref="NitrolyteInputException"/> naming the option, the output and the input, so the input stays
/// byte-identical. Hard links to the same data under another name are not detected (no portable inode API).
/// </summary>
public static class OutputGuard
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Is <paramref name="output"/>, or what it resolves to through symbolic links, the same file as <paramref name="input"/>?
    /// For commands that report the clash in their own words (a usage error).</summary>
    public static bool IsSameFile(string output, string? input) =>
        !string.IsNullOrEmpty(input) && string.Equals(Resolve(output), Resolve(input), PathComparison);

    /// <summary>Refuses when <paramref name="output"/> is, or resolves through symbolic links to, one of <paramref name="inputs"/>.</summary>
    public static void EnsureNotInput(string output, string optionName, params IEnumerable<string?> inputs)
    {
        var o = Resolve(output);
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input)) continue;
            if (IsSameFile(output, input))
                throw new NitrolyteInputException(
                    $"{optionName} {output}: this is the input file {input}{Via(output, input, o)}; writing it would destroy the input. Give another output path");
        }
    }

    /// <summary>
    /// Refuses when the folder <paramref name="folder"/> (which the command replaces or cleans) holds one of
    /// <paramref name="inputs"/>, directly or in a sub-folder. With <paramref name="ownsFile"/>, only inputs lying
    /// directly in the folder whose file name the command would write or remove (e.g. ordered_*.vasp) count.
    /// </summary>
    public static void EnsureFolderHoldsNoInput(string folder, string optionName, IEnumerable<string?> inputs, Func<string, bool>? ownsFile = null)
    {
        var dir = Resolve(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input)) continue;
            var i = Resolve(input);
            if (string.Equals(i, dir, PathComparison))
                throw new NitrolyteInputException($"{optionName} {folder}: this is the input {input}; give another output folder");
            bool inside = ownsFile is null
                ? i.StartsWith(dir + Path.DirectorySeparatorChar, PathComparison)
                : string.Equals(Path.GetDirectoryName(i), dir, PathComparison) && ownsFile(Path.GetFileName(i));
            if (inside)
                throw new NitrolyteInputException(ownsFile is null
                    ? $"{optionName} {folder}: the output folder holds the input file {input} and is replaced as a whole by this command; give a separate output folder"
                    : $"{optionName} {folder}: the input file {input} has the name of an output this command writes or removes in that folder; give a separate output folder");
        }
    }

    /// <summary>The absolute path with every symbolic link (in the file name and in any folder above it) followed.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        for (int hops = 0; hops < 64; hops++)
        {
            var next = ResolveOnce(full);
            if (next is null) return full;
            full = next;
        }
        throw new NitrolyteInputException($"{path}: too many levels of symbolic links");
    }

    /// <summary>Follows the first symbolic link among the components of <paramref name="full"/>; null when there is none.</summary>
    private static string? ResolveOnce(string full)
    {
        var root = Path.GetPathRoot(full) ?? "";
        var parts = full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (int k = 0; k < parts.Length; k++)
        {
            var next = Path.Combine(current, parts[k]);
            string? target = null;
            try { target = new FileInfo(next).LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            if (target is not null)
            {
                var resolved = Path.GetFullPath(target, current);
                return parts.Length > k + 1 ? Path.Combine([resolved, .. parts[(k + 1)..]]) : resolved;
            }
            if (!Directory.Exists(next)) return null; // nothing below a missing folder can be a link
            current = next;
        }
        return null;
    }

    private static string Via(string output, string input, string resolved) =>
        string.Equals(Path.GetFullPath(output), Path.GetFullPath(input), PathComparison) ? "" : $" (both resolve to {resolved})";
}
