using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Impedance;

namespace Nitrolyte.Web;

/// <summary>Thrown for a path the workbench refuses (outside the workspace, missing, not a file): HTTP 400/404.</summary>
public sealed class WorkspacePathException(string message, int status = 400) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// The folder the workbench serves. Every path from a request is relative to it, resolved (symlinks followed)
/// and checked to stay inside; the listing is bounded (depth, count) and skips links pointing out.
/// </summary>
public sealed class Workspace
{
    public const int MaxDepth = 4;
    public const int MaxFiles = 2000;
    public const long MaxProbeBytes = 64L << 20;

    public string Root { get; }

    public Workspace(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{folder}: no such folder");
        Root = RealPath(full).TrimEnd(Path.DirectorySeparatorChar);
    }

    /// <summary>Resolves a workspace-relative path to an absolute one inside the workspace, or throws.</summary>
    public string Resolve(string? relative, bool mustExist = true)
    {
        if (string.IsNullOrWhiteSpace(relative)) throw new WorkspacePathException("no file given");
        if (relative.Contains('\0')) throw new WorkspacePathException("invalid path");
        var rel = relative.Replace('\\', '/');
        if (Path.IsPathRooted(rel) || rel.StartsWith('/') || (rel.Length > 1 && rel[1] == ':'))
            throw new WorkspacePathException($"{relative}: absolute paths are refused; give a path inside the workspace");
        if (rel.Split('/').Any(seg => seg == ".."))
            throw new WorkspacePathException($"{relative}: '..' is refused; the workbench reads only inside its workspace");
        var full = Path.GetFullPath(Path.Combine(Root, rel));
        if (!IsInside(full)) throw new WorkspacePathException($"{relative}: outside the workspace");
        var real = RealPath(full);
        if (!IsInside(real)) throw new WorkspacePathException($"{relative}: a link pointing outside the workspace");
        if (mustExist && !File.Exists(real)) throw new WorkspacePathException($"{relative}: no such file in the workspace", 404);
        return real;
    }

    /// <summary>Stores an uploaded file at the top of the workspace (atomically); refuses paths, hidden names, existing files and sizes above the limit.</summary>
    public string Upload(string? name, byte[] bytes, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 120 || name.IndexOfAny(['/', '\\', '\0', ':']) >= 0 || name.StartsWith('.') || name.Any(char.IsControl))
            throw new WorkspacePathException($"upload: '{name}' is not a plain file name (no folders, not hidden, at most 120 characters)");
        if (bytes.Length > maxBytes) throw new WorkspacePathException($"upload: {name} is {bytes.Length >> 20} MB; the limit is {maxBytes >> 20} MB", 413);
        if (bytes.Length == 0) throw new WorkspacePathException($"upload: {name} is empty");
        var path = Resolve(name, mustExist: false);
        if (File.Exists(path) || Directory.Exists(path)) throw new WorkspacePathException($"upload: {name} already exists in the workspace; rename the file", 409);
        AtomicFile.WriteAllBytes(path, bytes);
        return Relative(path);
    }

    public string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');

    private bool IsInside(string full) =>
        full == Root || full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it resolved (links to missing targets kept as the target).</summary>
    public static string RealPath(string full)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int hops = 0, i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                if (++hops > 40) throw new WorkspacePathException("too many symbolic links");
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : Path.GetFullPath(target.FullName);
                next = RealPath(next);
            }
            current = next;
        }
        return current;
    }

    /// <summary>The workspace manifest (manifest.yaml, ...) at its top, or null.</summary>
    public string? ManifestPath => Manifest.FileNames.Select(n => Path.Combine(Root, n)).FirstOrDefault(File.Exists);

    /// <summary>Recognised files, recursively (depth ≤ <see cref="MaxDepth"/>, at most <see cref="MaxFiles"/>), each with its kind and key metadata.</summary>
    public JsonObject List()
    {
        var files = new JsonArray();
        var opts = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = MaxDepth, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        int seen = 0; bool truncated = false;
        var listed = new Dictionary<string, DataEntry>(StringComparer.Ordinal);
        string? manifestError = null;
        if (ManifestPath is { } mp)
        {
            try { foreach (var d in Manifest.Load(mp).Data) foreach (var f in d.Files) listed.TryAdd(RealPath(Path.GetFullPath(f)), d); }
            catch (Exception e) when (e is NitrolyteFormatException or NitrolyteInputException or IOException) { manifestError = e.Message; }
        }
        foreach (var path in Directory.EnumerateFiles(Root, "*", opts).Order(StringComparer.Ordinal))
        {
            var rel = Relative(path);
            if (rel.Split('/').Any(s => s.StartsWith('.') || s == "node_modules" || s == "bin" || s == "obj")) continue;
            // the report folder evaluate writes from the page is output, not data
            if (rel.StartsWith(EvaluateJobs.OutputFolder + "/", StringComparison.Ordinal) && File.Exists(Path.Combine(Root, EvaluateJobs.OutputFolder, Reports.ReportFolder.JsonName))) continue;
            if (++seen > MaxFiles) { truncated = true; break; }
            string real;
            try { real = Resolve(rel); } catch (WorkspacePathException) { continue; } // links pointing out are not listed
            var entry = Describe(real, rel);
            if (entry is null) continue;
            if (listed.TryGetValue(real, out var item)) { entry["technique"] = item.Technique; entry["manifest_label"] = item.DisplayName; }
            if (entry["kind"]?.GetValue<string>() == "manifest" && manifestError is not null) entry["error"] = manifestError;
            files.Add(entry);
        }
        return new JsonObject { ["workspace"] = Root, ["files"] = files, ["truncated"] = truncated, ["max_files"] = MaxFiles, ["max_depth"] = MaxDepth, ["manifest"] = ManifestPath is { } m ? Relative(m) : null };
    }

    /// <summary>Kind and metadata of one file by trying the project's readers; null when none recognises it.</summary>
    public static JsonObject? Describe(string path, string rel)
    {
        var name = Path.GetFileName(path);
        var ext = Path.GetExtension(name).ToLowerInvariant();
        var o = new JsonObject { ["path"] = rel, ["name"] = name, ["size_bytes"] = new FileInfo(path).Length };
        if (new FileInfo(path).Length > MaxProbeBytes) { o["kind"] = "too_large"; o["error"] = $"larger than {MaxProbeBytes >> 20} MB: not probed"; return o; }
        if (Manifest.FileNames.Contains(name.ToLowerInvariant())) { o["kind"] = "manifest"; return o; }
        if (ext is ".png" or ".svg" or ".html" or ".md" or ".pdf" or ".jpg" or ".sh" or ".py" or ".js" or ".css") return null;
        if (ext is ".cif" or ".mcif" or ".vasp" or ".poscar" or ".contcar" || name.StartsWith("POSCAR", StringComparison.OrdinalIgnoreCase) || name.StartsWith("CONTCAR", StringComparison.OrdinalIgnoreCase))
            return Try(o, "structure", () => { var s = StructureReader.Read(path); o["sites"] = s.Sites.Count; });
        if (ext is ".xyz" or ".extxyz" or ".xdatcar" || name.StartsWith("XDATCAR", StringComparison.OrdinalIgnoreCase)) { o["kind"] = "trajectory"; return o; }
        if (name.StartsWith("vasprun", StringComparison.OrdinalIgnoreCase)) { o["kind"] = "dft_run"; return o; }
        var header = HeaderLine(path);
        if (ext is ".csv" or ".txt" && header is not null && (header.Contains("sigma") || header.Contains("σ") || header.Contains("conductivity")))
            return Try(o, "sigma_table", () => { var t = ConductivityTableReader.Read(path); o["points"] = t.Points.Count; });
        // a header naming time and voltage is a time series (cycling, DC polarisation, CV), never a spectrum
        bool timeSeriesHeader = header is not null && header.Contains("time") && (header.Contains("volt") || header.Contains("ewe") || header.Contains("potential"));
        if (!timeSeriesHeader)
        try
        {
            var all = ImpedanceReader.ReadAll(path);
            o["kind"] = "impedance";
            o["technique"] = "eis";
            o["spectra"] = all.Count;
            o["points"] = all[0].Count;
            o["f_min_hz"] = all[0].FrequenciesHz.Min(); o["f_max_hz"] = all[0].FrequenciesHz.Max();
            double? t;
            try { t = all[0].TemperatureC ?? Nitrolyte.Formats.FileNameTemperature.Parse(path); }
            catch (Nitrolyte.Core.NitrolyteInputException) { t = null; } // an ambiguous name: no temperature in the listing
            o["temperature_c"] = t is { } tc ? tc : null;
            if (all[0].Timestamp is { } ts) o["date"] = ts.ToString("yyyy-MM-dd HH:mm");
            return o;
        }
        catch (Exception e) when (e is NitrolyteFormatException or NitrolyteInputException or FormatException or InvalidDataException or IOException or IndexOutOfRangeException or ArgumentException) { }
        if (ext is ".json" or ".csv" && !timeSeriesHeader)
        {
            try { var e = Nitrolyte.Formats.Entries.EntryReader.Read(path); o["kind"] = "entries"; return o; } catch (Exception) { }
        }
        try
        {
            var ts = TimeSeriesReader.Read(path, keepExtras: false);
            o["kind"] = "time_series";
            o["technique"] = "time series";
            o["points"] = ts.TimeS.Length;
            return o;
        }
        catch (Exception) { }
        return null;
    }

    /// <summary>The first line that is not a comment, lower-cased, when it has letters (a header); else null.</summary>
    private static string? HeaderLine(string path)
    {
        try
        {
            using var r = new StreamReader(path);
            for (int i = 0; i < 40 && r.ReadLine() is { } line; i++)
            {
                var l = line.Trim().ToLowerInvariant();
                if (l.StartsWith('#') || l.Length == 0) continue;
                return l.Any(char.IsLetter) ? l : null;
            }
        }
        catch (IOException) { }
        return null;
    }

    private static JsonObject Try(JsonObject o, string kind, Action read)
    {
        o["kind"] = kind;
        try { read(); } catch (Exception e) { o["error"] = e.Message; }
        return o;
    }
}
