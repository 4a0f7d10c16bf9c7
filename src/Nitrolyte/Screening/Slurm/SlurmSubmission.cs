using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nitrolyte.Core;

namespace Nitrolyte.Screening.Slurm;

/// <summary>How a campaign goes to Slurm: <see cref="Tasks"/> array tasks of <see cref="CpusPerTask"/> CPUs each.
/// With a SQLite store each task takes a fixed shard and a final job (dependency afterany) merges the shards; with
/// PostgreSQL each task is a worker claiming pending candidates until none is left.</summary>
public sealed record SlurmSubmitOptions
{
    /// <summary>Cap on array tasks (Slurm's default MaxArraySize is 1001; CI's cluster allows 10001).</summary>
    public const int MaxTasks = 10000;
    public const int MaxCpusPerTask = 256;

    public required int Tasks { get; init; }
    public int CpusPerTask { get; init; } = 1;
    public string? Partition { get; init; }
    /// <summary>Slurm time limit per task (minutes, MM:SS, HH:MM:SS, D-HH...).</summary>
    public string? Time { get; init; }
    /// <summary>Extra sbatch arguments, one per element (e.g. --account=x), written as #SBATCH lines.</summary>
    public IReadOnlyList<string> ExtraSbatch { get; init; } = [];

    public void Validate()
    {
        if (Tasks < 1 || Tasks > MaxTasks) throw new NitrolyteInputException($"--tasks {Tasks}: must be 1..{MaxTasks}");
        if (CpusPerTask < 1 || CpusPerTask > MaxCpusPerTask) throw new NitrolyteInputException($"--cpus-per-task {CpusPerTask}: must be 1..{MaxCpusPerTask}");
        if (Partition is not null && !Regex.IsMatch(Partition, @"^[A-Za-z0-9_.,-]+$"))
            throw new NitrolyteInputException($"--partition '{Partition}': a partition name is letters, digits, . _ - (and , for a list)");
        if (Time is not null && !Regex.IsMatch(Time, @"^(\d+-)?\d+(:\d+){0,2}$|^UNLIMITED$|^INFINITE$"))
            throw new NitrolyteInputException($"--time '{Time}': write minutes, MM:SS, HH:MM:SS or D-HH:MM:SS as sbatch does");
        foreach (var a in ExtraSbatch)
            if (!a.StartsWith('-') || a.Contains('\n'))
                throw new NitrolyteInputException($"--sbatch '{a}': an sbatch option starts with - (e.g. --account=chem)");
    }
}

/// <summary>The batch scripts a submission writes into the campaign folder (pure text; nothing is run here).</summary>
public static class SlurmScripts
{
    public const string FolderName = "slurm";

    /// <summary>The array script. <paramref name="workerCommand"/> is the CLI (e.g. [dotnet, /path/Nitrolyte.Cli.dll]
    /// or [/path/nitrolyte]); the worker arguments are added here.</summary>
    public static string ArrayScript(string campaignName, string campaignFolder, IReadOnlyList<string> workerCommand, SlurmSubmitOptions o, bool sharded)
    {
        var sb = Header($"nitrolyte-{JobName(campaignName)}", Path.Combine(campaignFolder, FolderName, "%A_%a.out"), o);
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{o.Tasks - 1}\n");
        sb.Append("set -eu\n");
        sb.Append(sharded
            ? "# Each task computes its fixed shard (candidate k of the sorted ids belongs to shard k mod N) into shards/shard-NNN.sqlite.\n"
            : "# Each task is a worker claiming pending candidates from PostgreSQL (FOR UPDATE SKIP LOCKED, with a lease).\n");
        var args = new List<string>(workerCommand) { "screen", "worker", campaignFolder };
        if (sharded) { args.Add("--shard"); args.Add($"${{SLURM_ARRAY_TASK_ID}}/{o.Tasks}"); }
        else args.Add("--claim");
        args.Add("--jobs"); args.Add(o.CpusPerTask.ToString(CultureInfo.InvariantCulture));
        sb.Append("exec ").Append(string.Join(' ', args.Select((a, k) => a.StartsWith("${SLURM_ARRAY_TASK_ID}", StringComparison.Ordinal) ? "\"" + a + "\"" : ShellQuote(a)))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The merge job (SQLite shards), run after the array whatever its tasks' outcome (afterany): it merges
    /// what the shards hold, and merging again after a resubmission is harmless.</summary>
    public static string MergeScript(string campaignName, string campaignFolder, IReadOnlyList<string> workerCommand, SlurmSubmitOptions o)
    {
        var mergeOptions = o with { CpusPerTask = 1 };
        var sb = Header($"nitrolyte-{JobName(campaignName)}-merge", Path.Combine(campaignFolder, FolderName, "%j-merge.out"), mergeOptions);
        sb.Append("set -eu\n");
        var args = new List<string>(workerCommand) { "screen", "merge", campaignFolder };
        sb.Append("exec ").Append(string.Join(' ', args.Select(ShellQuote))).Append('\n');
        return sb.ToString();
    }

    private static StringBuilder Header(string jobName, string output, SlurmSubmitOptions o)
    {
        var sb = new StringBuilder("#!/bin/bash\n# Written by nitrolyte screen submit.\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={jobName}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={output}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --ntasks=1\n#SBATCH --cpus-per-task={o.CpusPerTask}\n");
        if (o.Partition is not null) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={o.Partition}\n");
        if (o.Time is not null) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={o.Time}\n");
        foreach (var a in o.ExtraSbatch) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH {a}\n");
        return sb;
    }

    private static string JobName(string campaignName)
    {
        var s = Regex.Replace(campaignName, "[^A-Za-z0-9_.-]", "_");
        return s.Length == 0 ? "campaign" : s.Length > 40 ? s[..40] : s;
    }

    /// <summary>A word for bash: bare when it is safe, else in single quotes.</summary>
    public static string ShellQuote(string s) =>
        s.Length > 0 && Regex.IsMatch(s, @"^[A-Za-z0-9_./:=@%+,-]+$") ? s : "'" + s.Replace("'", "'\\''") + "'";
}
