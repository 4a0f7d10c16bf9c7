using System.Net.Sockets;
using Nitrolyte.Core;
using Npgsql;
using NpgsqlTypes;

namespace Nitrolyte.Screening;

/// <summary>A campaign store in a shared PostgreSQL database, so that workers on many nodes (Slurm array tasks) write
/// to one place. The campaign's tables live in their own schema (<see cref="PostgresLocation.Schema"/>). Workers claim
/// pending candidates with <c>SELECT ... FOR UPDATE SKIP LOCKED</c> and a lease measured on the server's clock
/// (<c>now()</c>), so a killed worker's running candidates become claimable again when the lease ends. A result is
/// written once, in one transaction with the candidate's status. Server errors (unreachable host, refused login)
/// become one-line <see cref="NitrolyteInputException"/>s naming host and port.</summary>
public sealed class PostgresCampaignStore : ICampaignStore
{
    public PostgresLocation Location { get; }
    private readonly NpgsqlDataSource _source;
    private readonly string _s;

    private PostgresCampaignStore(PostgresLocation location)
    {
        Location = location;
        _source = NpgsqlDataSource.Create(location.ConnectionString);
        _s = "\"" + location.Schema + "\"";
    }

    /// <summary>Opens (and creates when absent) the campaign's schema. Safe when several workers open it at once.</summary>
    public static PostgresCampaignStore Open(PostgresLocation location)
    {
        var store = new PostgresCampaignStore(location);
        try
        {
            store.Guard(() =>
            {
                using var c = store.Connect();
                using var tx = c.BeginTransaction();
                // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalogue; one creator at a time.
                Exec(c, tx, "SELECT pg_advisory_xact_lock(hashtext(@s))", ("s", location.Schema));
                Exec(c, tx, store.Schema());
                tx.Commit();
                return 0;
            });
        }
        catch { store.Dispose(); throw; }
        return store;
    }

    public static PostgresCampaignStore Open(string url, string campaignName) => Open(PostgresLocation.Parse(url, campaignName));

    private string Schema() => $"""
        CREATE SCHEMA IF NOT EXISTS {_s};
        CREATE TABLE IF NOT EXISTS {_s}.meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE IF NOT EXISTS {_s}.candidates (
            id text COLLATE "C" PRIMARY KEY, formula text NOT NULL, source text NOT NULL, structure_json text NOT NULL,
            rule text NOT NULL, status text NOT NULL, worker_id text, lease_until timestamptz);
        CREATE INDEX IF NOT EXISTS candidates_status ON {_s}.candidates(status, id);
        CREATE TABLE IF NOT EXISTS {_s}.results (
            id text COLLATE "C" PRIMARY KEY, status text NOT NULL, descriptors_json text NOT NULL, error_reason text, error_message text,
            started_utc timestamptz NOT NULL, finished_utc timestamptz NOT NULL, worker_id text NOT NULL, descriptor_versions text NOT NULL);
        """;

    public int AddCandidates(IEnumerable<CandidateRecord> candidates) => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = new NpgsqlCommand(
            $"INSERT INTO {_s}.candidates(id, formula, source, structure_json, rule, status) VALUES (@id, @f, @s, @j, @r, 'pending') ON CONFLICT (id) DO NOTHING", c, tx);
        var pid = cmd.Parameters.Add("id", NpgsqlDbType.Text);
        var pf = cmd.Parameters.Add("f", NpgsqlDbType.Text);
        var ps = cmd.Parameters.Add("s", NpgsqlDbType.Text);
        var pj = cmd.Parameters.Add("j", NpgsqlDbType.Text);
        var pr = cmd.Parameters.Add("r", NpgsqlDbType.Text);
        cmd.Prepare();
        int added = 0;
        foreach (var k in candidates)
        {
            pid.Value = k.Id; pf.Value = k.Formula; ps.Value = k.Source; pj.Value = k.StructureJson; pr.Value = k.RuleDescription;
            added += cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return added;
    });

    public IReadOnlyList<CandidateRecord> ClaimPending(string workerId, int max, TimeSpan lease) => Guard(() =>
    {
        if (max <= 0) return (IReadOnlyList<CandidateRecord>)[];
        using var c = Connect();
        using var tx = c.BeginTransaction();
        var list = ReadCandidates(c, tx, $"""
            WITH claim AS (
                SELECT id FROM {_s}.candidates
                WHERE status = 'pending' OR (status = 'running' AND lease_until < now())
                ORDER BY id LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE {_s}.candidates k SET status = 'running', worker_id = @w, lease_until = now() + @lease
            FROM claim WHERE k.id = claim.id
            RETURNING k.id, k.formula, k.source, k.structure_json, k.rule
            """, ("max", max), ("w", workerId), ("lease", lease));
        tx.Commit();
        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (IReadOnlyList<CandidateRecord>)list;
    });

    public IReadOnlyList<CandidateRecord> PendingInShard(int shardIndex, int shardCount) => Guard(() =>
    {
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount)
            throw new NitrolyteInputException($"shard {shardIndex}/{shardCount}: the index must be in 0..{shardCount - 1}");
        using var c = Connect();
        return (IReadOnlyList<CandidateRecord>)ReadCandidates(c, null, $"""
            SELECT id, formula, source, structure_json, rule FROM (
                SELECT *, (row_number() OVER (ORDER BY id) - 1) AS k FROM {_s}.candidates) t
            WHERE k % @n = @i AND (status = 'pending' OR (status = 'running' AND lease_until < now()))
            ORDER BY id
            """, ("n", (long)shardCount), ("i", (long)shardIndex));
    });

    public bool WriteResult(CandidateResult r) => Guard(() =>
    {
        if (r.Status is not (CandidateStatus.Done or CandidateStatus.Failed))
            throw new ArgumentException($"a result's status is done or failed, not '{r.Status}'", nameof(r));
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int n = Exec(c, tx, $"""
            INSERT INTO {_s}.results(id, status, descriptors_json, error_reason, error_message, started_utc, finished_utc, worker_id, descriptor_versions)
            SELECT @id, @st, @d, @er, @em, @s, @f, @w, @v WHERE EXISTS (SELECT 1 FROM {_s}.candidates WHERE id = @id)
            ON CONFLICT (id) DO NOTHING
            """,
            ("id", r.Id), ("st", r.Status), ("d", r.DescriptorsJson), ("er", r.ErrorReason), ("em", r.ErrorMessage),
            ("s", Utc(r.StartedUtc)), ("f", Utc(r.FinishedUtc)), ("w", r.WorkerId), ("v", r.DescriptorVersions));
        if (n > 0) Exec(c, tx, $"UPDATE {_s}.candidates SET status = @st, lease_until = NULL WHERE id = @id", ("st", r.Status), ("id", r.Id));
        tx.Commit();
        return n > 0;
    });

    public CampaignCounts Counts() => Guard(() =>
    {
        using var c = Connect();
        var by = new Dictionary<string, int>();
        using (var cmd = new NpgsqlCommand($"SELECT status, COUNT(*) FROM {_s}.candidates GROUP BY status", c))
        using (var rd = cmd.ExecuteReader())
            while (rd.Read()) by[rd.GetString(0)] = (int)rd.GetInt64(1);
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var cmd = new NpgsqlCommand($"SELECT COALESCE(error_reason, 'unknown'), COUNT(*) FROM {_s}.results WHERE status = 'failed' GROUP BY 1", c))
        using (var rd = cmd.ExecuteReader())
            while (rd.Read()) reasons[rd.GetString(0)] = (int)rd.GetInt64(1);
        int Get(string s) => by.TryGetValue(s, out var v) ? v : 0;
        return new CampaignCounts(Get(CandidateStatus.Done), Get(CandidateStatus.Failed), Get(CandidateStatus.Pending), Get(CandidateStatus.Running),
            new Dictionary<string, int>(reasons)) { Cancelled = Get(CandidateStatus.Cancelled) };
    });

    public IReadOnlyList<CandidateResult> Results() => Guard(() =>
    {
        using var c = Connect();
        using var cmd = new NpgsqlCommand(
            $"SELECT id, status, descriptors_json, error_reason, error_message, started_utc, finished_utc, worker_id, descriptor_versions FROM {_s}.results ORDER BY id", c);
        using var rd = cmd.ExecuteReader();
        var list = new List<CandidateResult>();
        while (rd.Read())
            list.Add(new CandidateResult(rd.GetString(0), rd.GetString(1), rd.GetString(2), rd.IsDBNull(3) ? null : rd.GetString(3),
                rd.IsDBNull(4) ? null : rd.GetString(4), rd.GetDateTime(5), rd.GetDateTime(6), rd.GetString(7), rd.GetString(8)));
        return (IReadOnlyList<CandidateResult>)list;
    });

    public IReadOnlyList<CandidateRecord> Candidates() => Guard(() =>
    {
        using var c = Connect();
        return (IReadOnlyList<CandidateRecord>)ReadCandidates(c, null, $"SELECT id, formula, source, structure_json, rule FROM {_s}.candidates ORDER BY id");
    });

    public string? GetConfig() => Guard(() =>
    {
        using var c = Connect();
        using var cmd = new NpgsqlCommand($"SELECT value FROM {_s}.meta WHERE key = 'config'", c);
        return cmd.ExecuteScalar() as string;
    });

    public void SetConfig(string configJson) => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, $"INSERT INTO {_s}.meta(key, value) VALUES ('config', @v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", ("v", configJson));
    });

    /// <summary>Every running candidate pending again. Only safe when no other worker runs (a shared store normally
    /// relies on leases instead).</summary>
    public int ResetStaleRunning() => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, $"UPDATE {_s}.candidates SET status = 'pending', worker_id = NULL, lease_until = NULL WHERE status = 'running'");
    });

    public int CancelPending() => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, $"UPDATE {_s}.candidates SET status = 'cancelled' WHERE status = 'pending'");
    });

    /// <summary>Cancelled candidates back to pending. Returns how many.</summary>
    public int ResumeCancelled() => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, $"UPDATE {_s}.candidates SET status = 'pending' WHERE status = 'cancelled'");
    });

    /// <summary>Removes the campaign's schema and everything in it (tests; `screen` never calls it).</summary>
    internal void DropSchema() => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, $"DROP SCHEMA IF EXISTS {_s} CASCADE");
    });

    /// <summary>Test hook: sets a candidate running with the given lease end (simulates a worker killed holding it).</summary>
    internal void ForceRunning(string id, string workerId, DateTime leaseUntilUtc) => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, $"UPDATE {_s}.candidates SET status = 'running', worker_id = @w, lease_until = @l WHERE id = @id",
            ("w", workerId), ("l", Utc(leaseUntilUtc)), ("id", id));
    });

    public void Dispose() => _source.Dispose();

    private static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    private NpgsqlConnection Connect() => _source.OpenConnection();

    private T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (NpgsqlException e) { throw new NitrolyteInputException(Describe(e), e); }
        catch (SocketException e) { throw new NitrolyteInputException(Describe(e), e); }
        catch (TimeoutException e) { throw new NitrolyteInputException(Describe(e), e); }
    }

    /// <summary>One line: which server, and what went wrong (the innermost cause for a connection failure).</summary>
    private string Describe(Exception e)
    {
        var where = $"{Location.Display}: PostgreSQL at {Location.Host}:{Location.Port} (database {Location.Database})";
        Exception inner = e;
        while (inner.InnerException is not null && inner is not SocketException) inner = inner.InnerException;
        string what = e switch
        {
            PostgresException pg => $"{pg.MessageText} [{pg.SqlState}]",
            _ when inner is SocketException se => $"cannot connect ({se.SocketErrorCode}: {se.Message})",
            _ when inner is TimeoutException => $"cannot connect ({Flat(inner.Message)})",
            _ => Flat(e.Message),
        };
        return $"{where}: {what}";
    }

    private static string Flat(string s) => s.ReplaceLineEndings(" ").Trim();

    /// <summary>Strings and nulls go as text (a bare null in an INSERT ... SELECT has no type for the server).</summary>
    private static void AddParameters(NpgsqlCommand cmd, (string Name, object? Value)[] ps)
    {
        foreach (var (n, v) in ps)
        {
            if (v is null or string) cmd.Parameters.Add(new NpgsqlParameter(n, NpgsqlDbType.Text) { Value = v ?? DBNull.Value });
            else cmd.Parameters.AddWithValue(n, v);
        }
    }

    private static int Exec(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        AddParameters(cmd, ps);
        return cmd.ExecuteNonQuery();
    }

    private static List<CandidateRecord> ReadCandidates(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        AddParameters(cmd, ps);
        using var rd = cmd.ExecuteReader();
        var list = new List<CandidateRecord>();
        while (rd.Read()) list.Add(new CandidateRecord(rd.GetString(0), rd.GetString(1), rd.GetString(2), rd.GetString(3), rd.GetString(4)));
        return list;
    }
}
