using System.Text.Json.Nodes;
using Nitrolyte.Core;

namespace Nitrolyte.Reports;

/// <summary>
/// Puts a finished report folder in place. The report is written into a hidden staging sibling
/// (<see cref="CreateStaging"/>); <see cref="Replace"/> then swaps the whole folder with two renames, so report.html
/// and report.json always come from the same run (each carries the run id) and outputs of an earlier run that this
/// run does not write (a cube file of a structure no longer listed) disappear with the old folder.
/// A folder that also holds files evaluate did not write (the user's own) is never swapped: the new files are moved
/// in one by one and only the previous report's own outputs (listed in its report.json) are removed.
/// </summary>
public static class ReportFolder
{
    public const string JsonName = "report.json";
    public const string HtmlName = "report.html";

    public static string CreateStaging(string dir)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar))!;
        Directory.CreateDirectory(parent);
        Leftovers.CleanOnce(parent); // staging folders and temporary files of killed earlier runs
        if (Directory.Exists(dir)) Leftovers.CleanOnce(dir);
        var staging = Leftovers.SiblingName(dir, "partial");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>The file names a report folder's report.json says were written by that run (report files included).</summary>
    public static HashSet<string> PreviousOutputs(string dir)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal) { JsonName, HtmlName };
        var json = Path.Combine(dir, JsonName);
        if (!File.Exists(json)) return owned;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(json)) is JsonObject o && o["outputs"] is JsonArray a)
                foreach (var n in a) { if (n?.ToString() is { } s && s == Path.GetFileName(s)) owned.Add(s); }
            else // a report written before report.json listed its outputs: the cube files evaluate writes
                foreach (var f in Directory.GetFiles(dir).Select(Path.GetFileName))
                    if (System.Text.RegularExpressions.Regex.IsMatch(f!, @"^(bvse-\d+\.cube|md_\d+_\w+_density\.cube)$")) owned.Add(f!);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or InvalidOperationException) { }
        return owned;
    }

    /// <summary>Moves the staged report into <paramref name="dir"/> and removes <paramref name="staging"/>.</summary>
    public static void Replace(string staging, string dir)
    {
        dir = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(dir)) { Directory.Move(staging, dir); return; }
        var owned = PreviousOutputs(dir);
        bool onlyOurs = Directory.EnumerateFileSystemEntries(dir).All(e =>
            File.Exists(e) && owned.Contains(Path.GetFileName(e)) || Leftovers.IsLeftoverName(Path.GetFileName(e)));
        bool isCwd = string.Equals(dir, Path.GetFullPath(Environment.CurrentDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        if (onlyOurs && !isCwd)
        {
            var old = Leftovers.SiblingName(dir, "old");
            Directory.Move(dir, old);
            try { Directory.Move(staging, dir); }
            catch { Directory.Move(old, dir); throw; }
            try { Directory.Delete(old, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return;
        }
        // Shared folder: replace our own files only. The HTML goes first and the JSON last, so a reader that finds
        // the new report.json also finds the new report.html.
        var fresh = Directory.GetFiles(staging).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in owned.Where(n => !fresh.Contains(n!)))
        {
            var p = Path.Combine(dir, stale);
            if (File.Exists(p)) File.Delete(p);
        }
        foreach (var f in Directory.GetFiles(staging).OrderBy(f => Path.GetFileName(f) == JsonName ? 1 : 0))
            File.Move(f, Path.Combine(dir, Path.GetFileName(f)), overwrite: true);
        Directory.Delete(staging, recursive: true);
    }
}
