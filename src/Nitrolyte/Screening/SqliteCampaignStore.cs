using System.Globalization;
using Microsoft.Data.Sqlite;
using Nitrolyte.Core;

namespace Nitrolyte.Screening;

/// <summary>The default campaign store: one SQLite file (WAL mode) in the campaign folder. Each call uses its own
/// pooled connection, so worker threads of one process share it safely; every write is one IMMEDIATE transaction.</summary>
public sealed class SqliteCampaignStore : ICampaignStore
{
    public string Path { get; }
    private readonly string _connection;

    private SqliteCampaignStore(string path)
    {
        Path = path;
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();
    }

    public static SqliteCampaignStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new NitrolyteInputException($"{full}: is a folder; the campaign store is a file");
        var dir = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new NitrolyteInputException($"{dir}: no such campaign folder");
        var store = new SqliteCampaignStore(full);
        store.Guard(() =>
        {
            using var c = store.Connect();
            Exec(c, null, "PRAGMA journal_mode=WAL;");
            using var tx = c.BeginTransaction();
            Exec(c, tx, Schema);
            tx.Commit();
            return 0;
        });
        return store;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS candidates (
            id TEXT PRIMARY KEY, formula TEXT NOT NULL, source TEXT NOT NULL, structure_json TEXT NOT NULL,
            rule TEXT NOT NULL, status TEXT NOT NULL, worker_id TEXT, lease_until TEXT);
        CREATE INDEX IF NOT EXISTS candidates_status ON candidates(status);
        CREATE TABLE IF NOT EXISTS results (
            id TEXT PRIMARY KEY, status TEXT NOT NULL, descriptors_json TEXT NOT NULL, error_reason TEXT, error_message TEXT,
            started_utc TEXT NOT NULL, finished_utc TEXT NOT NULL, worker_id TEXT NOT NULL, descriptor_versions TEXT NOT NULL);
        """;

    public int AddCandidates(IEnumerable<CandidateRecord> candidates) => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR IGNORE INTO candidates(id, formula, source, structure_json, rule, status) VALUES ($id, $f, $s, $j, $r, 'pending')";
        var pid = cmd.Parameters.Add("$id", SqliteType.Text);
        var pf = cmd.Parameters.Add("$f", SqliteType.Text);
        var ps = cmd.Parameters.Add("$s", SqliteType.Text);
        var pj = cmd.Parameters.Add("$j", SqliteType.Text);
        var pr = cmd.Parameters.Add("$r", SqliteType.Text);
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
        var now = DateTime.UtcNow;
        using var c = Connect();
        using var tx = c.BeginTransaction();
        var list = ReadCandidates(c, tx,
            "SELECT id, formula, source, structure_json, rule FROM candidates WHERE status = 'pending' OR (status = 'running' AND lease_until < $now) ORDER BY id LIMIT $max",
            ("$now", Stamp(now)), ("$max", max));
        foreach (var k in list)
            Exec(c, tx, "UPDATE candidates SET status = 'running', worker_id = $w, lease_until = $l WHERE id = $id",
                ("$w", workerId), ("$l", Stamp(now + lease)), ("$id", k.Id));
        tx.Commit();
        return (IReadOnlyList<CandidateRecord>)list;
    });

    public IReadOnlyList<CandidateRecord> PendingInShard(int shardIndex, int shardCount) => Guard(() =>
    {
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount)
            throw new NitrolyteInputException($"shard {shardIndex}/{shardCount}: the index must be in 0..{shardCount - 1}");
        using var c = Connect();
        var all = ReadCandidatesWithStatus(c, "SELECT id, formula, source, structure_json, rule, status, lease_until FROM candidates ORDER BY id");
        var now = Stamp(DateTime.UtcNow);
        var list = new List<CandidateRecord>();
        for (int k = 0; k < all.Count; k++)
        {
            if (k % shardCount != shardIndex) continue;
            var (rec, status, lease) = all[k];
            if (status == CandidateStatus.Pending || (status == CandidateStatus.Running && string.CompareOrdinal(lease ?? "", now) < 0)) list.Add(rec);
        }
        return (IReadOnlyList<CandidateRecord>)list;
    });

    public bool WriteResult(CandidateResult r) => Guard(() =>
    {
        if (r.Status is not (CandidateStatus.Done or CandidateStatus.Failed))
            throw new ArgumentException($"a result's status is done or failed, not '{r.Status}'", nameof(r));
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int n = Exec(c, tx, """
            INSERT OR IGNORE INTO results(id, status, descriptors_json, error_reason, error_message, started_utc, finished_utc, worker_id, descriptor_versions)
            SELECT $id, $st, $d, $er, $em, $s, $f, $w, $v WHERE EXISTS (SELECT 1 FROM candidates WHERE id = $id)
            """,
            ("$id", r.Id), ("$st", r.Status), ("$d", r.DescriptorsJson), ("$er", r.ErrorReason), ("$em", r.ErrorMessage),
            ("$s", Stamp(r.StartedUtc)), ("$f", Stamp(r.FinishedUtc)), ("$w", r.WorkerId), ("$v", r.DescriptorVersions));
        if (n > 0) Exec(c, tx, "UPDATE candidates SET status = $st, lease_until = NULL WHERE id = $id", ("$st", r.Status), ("$id", r.Id));
        tx.Commit();
        return n > 0;
    });

    public CampaignCounts Counts() => Guard(() =>
    {
        using var c = Connect();
        var by = new Dictionary<string, int>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT status, COUNT(*) FROM candidates GROUP BY status";
            using var rd = cmd.ExecuteReader();
            while (rd.Read()) by[rd.GetString(0)] = rd.GetInt32(1);
        }
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT COALESCE(error_reason, 'unknown'), COUNT(*) FROM results WHERE status = 'failed' GROUP BY 1";
            using var rd = cmd.ExecuteReader();
            while (rd.Read()) reasons[rd.GetString(0)] = rd.GetInt32(1);
        }
        int Get(string s) => by.TryGetValue(s, out var v) ? v : 0;
        return new CampaignCounts(Get(CandidateStatus.Done), Get(CandidateStatus.Failed), Get(CandidateStatus.Pending), Get(CandidateStatus.Running),
            new Dictionary<string, int>(reasons)) { Cancelled = Get(CandidateStatus.Cancelled) };
    });

    public IReadOnlyList<CandidateResult> Results() => Guard(() =>
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, status, descriptors_json, error_reason, error_message, started_utc, finished_utc, worker_id, descriptor_versions FROM results ORDER BY id";
        using var rd = cmd.ExecuteReader();
        var list = new List<CandidateResult>();
        while (rd.Read())
            list.Add(new CandidateResult(rd.GetString(0), rd.GetString(1), rd.GetString(2), rd.IsDBNull(3) ? null : rd.GetString(3),
                rd.IsDBNull(4) ? null : rd.GetString(4), Parse(rd.GetString(5)), Parse(rd.GetString(6)), rd.GetString(7), rd.GetString(8)));
        return (IReadOnlyList<CandidateResult>)list;
    });

    public IReadOnlyList<CandidateRecord> Candidates() => Guard(() =>
    {
        using var c = Connect();
        return (IReadOnlyList<CandidateRecord>)ReadCandidates(c, null, "SELECT id, formula, source, structure_json, rule FROM candidates ORDER BY id");
    });

    public string? GetConfig() => Guard(() =>
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = 'config'";
        return cmd.ExecuteScalar() as string;
    });

    public void SetConfig(string configJson) => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        Exec(c, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ('config', $v)", ("$v", configJson));
        tx.Commit();
        return 0;
    });

    public int ResetStaleRunning() => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int n = Exec(c, tx, "UPDATE candidates SET status = 'pending', worker_id = NULL, lease_until = NULL WHERE status = 'running'");
        tx.Commit();
        return n;
    });

    public int CancelPending() => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int n = Exec(c, tx, "UPDATE candidates SET status = 'cancelled' WHERE status = 'pending'");
        tx.Commit();
        return n;
    });

    /// <summary>Cancelled candidates back to pending (a run after a cancel asks for them again). Returns how many.</summary>
    public int ResumeCancelled() => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int n = Exec(c, tx, "UPDATE candidates SET status = 'pending' WHERE status = 'cancelled'");
        tx.Commit();
        return n;
    });

    /// <summary>Test hook: sets a candidate running with the given lease end (simulates a worker killed holding it).</summary>
    internal void ForceRunning(string id, string workerId, DateTime leaseUntilUtc) => Guard(() =>
    {
        using var c = Connect();
        return Exec(c, null, "UPDATE candidates SET status = 'running', worker_id = $w, lease_until = $l WHERE id = $id",
            ("$w", workerId), ("$l", Stamp(leaseUntilUtc)), ("$id", id));
    });

    public void Dispose() { }

    private static string Stamp(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
    private static DateTime Parse(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connection);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL;";
        cmd.ExecuteNonQuery();
        return c;
    }

    // One operation at a time per process: worker threads sharing this store would otherwise meet SQLite's lock and
    // retry (busy waiting), which made `screen run --jobs 2` slower than --jobs 1 on small candidates. Other processes
    // (a second `screen run`) still wait through busy_timeout.
    private readonly object _gate = new();

    private T Guard<T>(Func<T> action)
    {
        lock (_gate)
        try { return action(); }
        catch (SqliteException e) { throw new NitrolyteInputException($"{Path}: campaign store error ({e.Message})", e); }
    }

    private static int Exec(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    }

    private static List<CandidateRecord> ReadCandidates(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        using var rd = cmd.ExecuteReader();
        var list = new List<CandidateRecord>();
        while (rd.Read()) list.Add(new CandidateRecord(rd.GetString(0), rd.GetString(1), rd.GetString(2), rd.GetString(3), rd.GetString(4)));
        return list;
    }

    private static List<(CandidateRecord, string, string?)> ReadCandidatesWithStatus(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var rd = cmd.ExecuteReader();
        var list = new List<(CandidateRecord, string, string?)>();
        while (rd.Read())
            list.Add((new CandidateRecord(rd.GetString(0), rd.GetString(1), rd.GetString(2), rd.GetString(3), rd.GetString(4)), rd.GetString(5), rd.IsDBNull(6) ? null : rd.GetString(6)));
        return list;
    }
}
