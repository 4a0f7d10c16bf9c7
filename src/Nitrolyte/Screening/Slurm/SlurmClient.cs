using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Core;

namespace Nitrolyte.Screening.Slurm;

/// <summary>The state of one recorded Slurm job: task counts by Slurm state (PENDING, RUNNING, COMPLETED, FAILED,
/// CANCELLED, ...); <see cref="Known"/> is false when Slurm no longer knows the job (purged, and no accounting).</summary>
public sealed record SlurmJobState(long JobId, IReadOnlyDictionary<string, int> TasksByState, bool Known)
{
    private static readonly string[] ActiveStates = ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "SIGNALING", "STAGE_OUT"];
    public bool Active => TasksByState.Any(kv => kv.Value > 0 && ActiveStates.Contains(kv.Key));
    public string Summary => !Known ? "no longer known to Slurm"
        : string.Join(", ", TasksByState.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key.ToLowerInvariant()}"));
}

/// <summary>Runs Slurm's own commands (sbatch, scontrol, sacct, scancel) found on PATH. Nothing is scheduled here.</summary>
public sealed class SlurmClient
{
    private readonly string _searchPath;

    /// <param name="searchPath">Folders to look for the Slurm commands in (default: PATH).</param>
    public SlurmClient(string? searchPath = null) => _searchPath = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";

    public string? Find(string program) =>
        _searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    public bool Available => Find("sbatch") is not null;

    public const string AbsentMessage =
        "Slurm is not available here: no sbatch on PATH (install Slurm or load its module; `nitrolyte screen run` runs the campaign locally, `--dry-run` only writes the script)";

    private string Require(string program) => Find(program) ?? throw new NitrolyteInputException(
        program == "sbatch" ? AbsentMessage : $"Slurm's {program} is not on PATH (sbatch is; is the Slurm installation complete?)");

    /// <summary>sbatch --parsable [--dependency=afterany:ID] script; returns the job id.</summary>
    public long Submit(string scriptPath, long? afterAny = null)
    {
        var args = new List<string> { "--parsable" };
        if (afterAny is { } d) args.Add($"--dependency=afterany:{d.ToString(CultureInfo.InvariantCulture)}");
        args.Add(scriptPath);
        var (code, stdout, stderr) = Run(Require("sbatch"), args, TimeSpan.FromSeconds(120));
        if (code != 0) throw new NitrolyteInputException($"{scriptPath}: sbatch refused the job: {FirstLine(stderr, stdout)}");
        return ParseJobId(stdout) ?? throw new NitrolyteInputException($"{scriptPath}: sbatch printed no job id ('{FirstLine(stdout, stderr)}')");
    }

    /// <summary>"1234" or "1234;cluster" (sbatch --parsable) -> 1234.</summary>
    public static long? ParseJobId(string parsableOutput)
    {
        var m = Regex.Match(parsableOutput, @"^\s*(\d+)\s*(;|$)", RegexOptions.Multiline);
        return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Task counts by state of each job, from scontrol (live and recently finished jobs), else sacct.</summary>
    public IReadOnlyList<SlurmJobState> States(IEnumerable<long> jobIds)
    {
        var list = new List<SlurmJobState>();
        var scontrol = Require("scontrol");
        foreach (var id in jobIds)
        {
            var (code, stdout, _) = Run(scontrol, ["-o", "show", "job", id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60));
            if (code == 0 && ParseScontrol(stdout) is { Count: > 0 } states) { list.Add(new SlurmJobState(id, states, true)); continue; }
            if (Find("sacct") is { } sacct)
            {
                var (c2, o2, _) = Run(sacct, ["-n", "-P", "-X", "-j", id.ToString(CultureInfo.InvariantCulture), "-o", "JobID,State"], TimeSpan.FromSeconds(60));
                if (c2 == 0 && ParseSacct(o2) is { Count: > 0 } s2) { list.Add(new SlurmJobState(id, s2, true)); continue; }
            }
            list.Add(new SlurmJobState(id, new Dictionary<string, int>(), false));
        }
        return list;
    }

    /// <summary>scancel of the given jobs (all their array tasks). Jobs already finished are ignored by Slurm.</summary>
    public void Cancel(IEnumerable<long> jobIds)
    {
        var ids = jobIds.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        if (ids.Count == 0) return;
        var (code, stdout, stderr) = Run(Require("scancel"), ids, TimeSpan.FromSeconds(60));
        // scancel says "already completed" (exit 0 or 1 by version) for finished jobs; anything else is an error.
        if (code != 0 && !Regex.IsMatch(stderr, "already completed|Invalid job id", RegexOptions.IgnoreCase))
            throw new NitrolyteInputException($"scancel {string.Join(' ', ids)}: {FirstLine(stderr, stdout)}");
    }

    /// <summary>Task counts by JobState over `scontrol -o show job` lines; a pending array record
    /// (ArrayTaskId=5-19%4) counts each of its tasks.</summary>
    public static Dictionary<string, int> ParseScontrol(string output)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var st = Regex.Match(line, @"(?:^|\s)JobState=(\S+)");
            if (!st.Success) continue;
            var tasks = Regex.Match(line, @"(?:^|\s)ArrayTaskId=(\S+)");
            int n = tasks.Success ? CountTasks(tasks.Groups[1].Value) : 1;
            d[st.Groups[1].Value] = d.GetValueOrDefault(st.Groups[1].Value) + n;
        }
        return d;
    }

    public static Dictionary<string, int> ParseSacct(string output)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split('|');
            if (parts.Length < 2) continue;
            var state = parts[1].Split(' ')[0]; // "CANCELLED by 0"
            var m = Regex.Match(parts[0], @"_\[(.+)\]$");
            int n = m.Success ? CountTasks(m.Groups[1].Value) : 1;
            d[state] = d.GetValueOrDefault(state) + n;
        }
        return d;
    }

    /// <summary>"7" -> 1, "5-19" -> 15, "1,3-5%2" -> 4.</summary>
    public static int CountTasks(string spec)
    {
        spec = spec.Split('%')[0];
        int n = 0;
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split(':')[0].Split('-');
            if (range.Length == 2 && int.TryParse(range[0], out var a) && int.TryParse(range[1], out var b) && b >= a) n += b - a + 1;
            else n += 1;
        }
        return Math.Max(n, 1);
    }

    private static string FirstLine(params string[] texts) =>
        texts.Select(t => t.Trim()).FirstOrDefault(t => t.Length > 0)?.Split('\n')[0].Trim() ?? "(no output)";

    private static (int Code, string Stdout, string Stderr) Run(string exe, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new NitrolyteInputException($"{exe}: could not be started");
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            try { p.Kill(true); } catch (InvalidOperationException) { }
            throw new NitrolyteInputException($"{exe}: no answer within {timeout.TotalSeconds:0} s (is slurmctld running?)");
        }
        return (p.ExitCode, o.Result, e.Result);
    }
}
