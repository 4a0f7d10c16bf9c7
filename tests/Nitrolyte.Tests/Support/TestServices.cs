using Npgsql;

namespace Nitrolyte.Tests.Support;

/// <summary>The PostgreSQL server and the one-node Slurm cluster that .ci/services.sh starts (called by .ci/run; run
/// `source "$(.ci/services.sh start)"` by hand to get them). Tests that need them are skipped with a message where
/// they are absent, and always run in CI (CI=true), where an absent service is a failure.</summary>
public static class TestServices
{
    private static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>NITROLYTE_TEST_PG: an Npgsql connection string (Host=...;Port=...;Username=...;Database=...).</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("NITROLYTE_TEST_PG") is { Length: > 0 } s ? s : null;

    public static bool PostgresShouldSkip => PostgresConnectionString is null && !InCi;

    public const string PostgresSkipReason =
        "no test PostgreSQL (NITROLYTE_TEST_PG unset): run `source \"$(.ci/services.sh start)\"` as .ci/run does";

    /// <summary>A postgresql:// URL for the test server with a fresh schema (so tests never see each other's rows).</summary>
    public static string PostgresUrl(string schemaPrefix = "t")
    {
        var cs = PostgresConnectionString ?? throw new InvalidOperationException(PostgresSkipReason);
        var b = new NpgsqlConnectionStringBuilder(cs);
        var user = Uri.EscapeDataString(b.Username ?? Environment.UserName);
        var pw = b.Password is { Length: > 0 } p ? ":" + Uri.EscapeDataString(p) : "";
        var schema = $"{schemaPrefix}_{Guid.NewGuid():N}"[..Math.Min(63, schemaPrefix.Length + 33)];
        return $"postgresql://{user}{pw}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database ?? user)}?schema={schema}";
    }

    /// <summary>Slurm is usable when NITROLYTE_TEST_SLURM=1 (set by .ci/services.sh) and sbatch is on PATH.</summary>
    public static bool SlurmAvailable => Environment.GetEnvironmentVariable("NITROLYTE_TEST_SLURM") == "1" && OnPath("sbatch");

    public static bool SlurmShouldSkip => !SlurmAvailable && !InCi;

    public const string SlurmSkipReason =
        "no test Slurm cluster (NITROLYTE_TEST_SLURM unset or no sbatch): run `source \"$(.ci/services.sh start)\"` as .ci/run does";

    public static void RequireSlurm()
    {
        if (!SlurmAvailable) throw new InvalidOperationException(SlurmSkipReason);
    }

    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, program)));
}

/// <summary>A fact that needs the test PostgreSQL server (see <see cref="TestServices"/>).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() { if (TestServices.PostgresShouldSkip) Skip = TestServices.PostgresSkipReason; }
}

/// <summary>A fact that needs the one-node Slurm cluster (see <see cref="TestServices"/>).</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute() { if (TestServices.SlurmShouldSkip) Skip = TestServices.SlurmSkipReason; }
}

/// <summary>A fact that needs both the Slurm cluster and PostgreSQL.</summary>
public sealed class SlurmPostgresFactAttribute : FactAttribute
{
    public SlurmPostgresFactAttribute()
    {
        if (TestServices.SlurmShouldSkip) Skip = TestServices.SlurmSkipReason;
        else if (TestServices.PostgresShouldSkip) Skip = TestServices.PostgresSkipReason;
    }
}
