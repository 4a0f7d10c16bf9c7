using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Nitrolyte.Core;

/// <summary>
/// Removes what a killed Nitrolyte run left in a folder: the hidden temporary files of <see cref="AtomicFile"/>
/// (<c>.name.PID.GUID.tmp</c>) and the staging folders of evaluate (<c>.name.PID.GUID.partial</c>, <c>.old</c>).
/// Only entries with exactly that name pattern are touched, and only when the process that made them is no longer
/// running and they are older than the current process; an <c>.old</c> report folder whose replacement never
/// arrived (killed between the two renames) is put back instead of deleted.
/// </summary>
public static partial class Leftovers
{
    [GeneratedRegex(@"^\.(?<name>.+)\.(?<pid>\d+)\.[0-9a-f]{32}\.(?<kind>tmp|partial|old)$")]
    private static partial Regex Pattern();

    private static readonly ConcurrentDictionary<string, byte> Cleaned = new(StringComparer.Ordinal);
    private static readonly DateTime ProcessStartUtc = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    /// <summary>True when <paramref name="fileName"/> has the name of one of our temporary files or folders.</summary>
    public static bool IsLeftoverName(string fileName) => Pattern().IsMatch(fileName);

    /// <summary>The name of a hidden sibling of <paramref name="path"/> for a temporary file or folder of this process.</summary>
    public static string SiblingName(string path, string kind)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.{kind}");
    }

    /// <summary>Cleans <paramref name="directory"/> once per process (later calls for the same folder do nothing).</summary>
    public static void CleanOnce(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (Cleaned.TryAdd(full, 0)) Clean(full);
    }

    /// <summary>Cleans <paramref name="directory"/> and returns the names of the entries removed or restored.</summary>
    public static IReadOnlyList<string> Clean(string directory)
    {
        var done = new List<string>();
        if (!Directory.Exists(directory)) return done;
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(directory, ".*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return done; }
        foreach (var path in entries)
        {
            var m = Pattern().Match(Path.GetFileName(path));
            if (!m.Success || !int.TryParse(m.Groups["pid"].Value, out var pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            try
            {
                bool isDir = Directory.Exists(path);
                var written = isDir ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path);
                if (written >= ProcessStartUtc) continue;
                var original = Path.Combine(directory, m.Groups["name"].Value);
                if (m.Groups["kind"].Value == "old" && isDir && !Path.Exists(original))
                    Directory.Move(path, original); // the new report never arrived: keep the previous one
                else if (isDir) Directory.Delete(path, recursive: true);
                else File.Delete(path);
                done.Add(Path.GetFileName(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return done;
    }

    private static bool IsRunning(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
