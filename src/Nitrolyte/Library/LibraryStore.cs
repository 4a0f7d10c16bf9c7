using System.Globalization;
using Microsoft.Data.Sqlite;
using Nitrolyte.Core;

namespace Nitrolyte.Library;

/// <summary>
/// The user's library: an embedded SQLite database holding the literature rows (seeded from the bundled data file,
/// re-seeded when the file's version changes) and the materials the user added (never touched by re-seeding).
/// Location: <see cref="DefaultPath"/> unless a path is given.
/// </summary>
public sealed class LibraryStore
{
    public const string EnvironmentVariable = "NITROLYTE_LIBRARY";

    public string Path { get; }
    /// <summary>Version of the literature rows now in the store.</summary>
    public string LiteratureVersion { get; private set; } = "";
    /// <summary>What opening did: "created", "reseeded" (data file version changed) or "current".</summary>
    public string SeedAction { get; private set; } = "current";

    private LibraryStore(string path) => Path = path;

    /// <summary>$NITROLYTE_LIBRARY, else $XDG_DATA_HOME/nitrolyte/library.db, else ~/.local/share/nitrolyte/library.db
    /// (the local application-data folder on Windows/macOS).</summary>
    public static string DefaultPath(Func<string, string?>? getEnvironmentVariable = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        var env = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return System.IO.Path.GetFullPath(env);
        var xdg = getEnvironmentVariable("XDG_DATA_HOME");
        string baseDir;
        if (!string.IsNullOrWhiteSpace(xdg) && System.IO.Path.IsPathRooted(xdg)) baseDir = xdg;
        else if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
            baseDir = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        else baseDir = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return System.IO.Path.Combine(baseDir, "nitrolyte", "library.db");
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> (default <see cref="DefaultPath"/>) and makes
    /// sure its literature rows match <paramref name="dataset"/> (default: the data file bundled with this build).</summary>
    public static LibraryStore Open(string? path = null, LiteratureDataset? dataset = null)
    {
        var full = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(path) ? DefaultPath() : path);
        if (Directory.Exists(full)) throw new NitrolyteInputException($"{full}: is a folder; the library store is a file (e.g. {System.IO.Path.Combine(full, "library.db")})");
        dataset ??= LiteratureDataFile.LoadEmbedded();
        var store = new LibraryStore(full);
        store.Guard(() =>
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            bool existed = File.Exists(full) && new FileInfo(full).Length > 0;
            using var c = store.Connect();
            using var tx = c.BeginTransaction();
            Exec(c, tx, Schema);
            var current = Scalar(c, tx, "SELECT value FROM meta WHERE key = 'literature_version'");
            if (current != dataset.Version)
            {
                Exec(c, tx, "DELETE FROM materials WHERE origin = 'literature'");
                int seq = 0;
                foreach (var e in dataset.Entries) Insert(c, tx, e, seq++, null);
                Exec(c, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ('literature_version', $v)", ("$v", dataset.Version));
                Exec(c, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ('seeded_utc', $v)", ("$v", DateTimeOffset.UtcNow.ToString("O")));
                store.SeedAction = existed && current is not null ? "reseeded" : "created";
            }
            tx.Commit();
            store.LiteratureVersion = dataset.Version;
        });
        return store;
    }

    /// <summary>Every row: literature rows in data-file order, then user rows in the order added.</summary>
    public IReadOnlyList<LiteratureEntry> All() => Guard(() =>
    {
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT * FROM materials ORDER BY origin = 'user', seq, id";
        using var r = cmd.ExecuteReader();
        var list = new List<LiteratureEntry>();
        while (r.Read()) list.Add(Read(r));
        return (IReadOnlyList<LiteratureEntry>)list;
    });

    /// <summary>Adds (or replaces, same id) a user row. Its id must start with "user-" so re-seeding never touches it.</summary>
    public void AddUser(LiteratureEntry entry)
    {
        if (!entry.Id.StartsWith("user-", StringComparison.Ordinal)) throw new ArgumentException("user rows have ids starting with 'user-'", nameof(entry));
        Guard(() =>
        {
            using var c = Connect();
            using var tx = c.BeginTransaction();
            var seq = Scalar(c, tx, "SELECT seq FROM materials WHERE id = $id", ("$id", entry.Id));
            var next = seq is not null ? long.Parse(seq, CultureInfo.InvariantCulture)
                : long.Parse(Scalar(c, tx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM materials WHERE origin = 'user'") ?? "1", CultureInfo.InvariantCulture);
            Exec(c, tx, "DELETE FROM materials WHERE id = $id", ("$id", entry.Id));
            Insert(c, tx, entry with { Origin = EntryOrigin.User }, next, DateTimeOffset.UtcNow.ToString("O"));
            tx.Commit();
            return 0;
        });
    }

    /// <summary>Removes a user row; literature rows cannot be removed (they come back from the data file).</summary>
    public bool RemoveUser(string id) => Guard(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        int n = Exec(c, tx, "DELETE FROM materials WHERE id = $id AND origin = 'user'", ("$id", id));
        tx.Commit();
        return n > 0;
    });

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE IF NOT EXISTS materials (
            id TEXT PRIMARY KEY, origin TEXT NOT NULL, seq INTEGER NOT NULL,
            name TEXT NOT NULL, formula TEXT, family TEXT NOT NULL, review_table INTEGER, table_label TEXT,
            structure TEXT, space_group TEXT, sigma_s_per_cm REAL, temperature_c REAL, extrapolated INTEGER NOT NULL,
            ea_ev REAL, ea_form TEXT, ea_high_t_ev REAL, transition_c REAL, synthesis TEXT, source TEXT NOT NULL,
            reference TEXT, density_g_per_cm3 REAL, notes TEXT, added_utc TEXT);
        CREATE INDEX IF NOT EXISTS materials_family ON materials(family);
        """;

    private static void Insert(SqliteConnection c, SqliteTransaction tx, LiteratureEntry e, long seq, string? addedUtc) =>
        Exec(c, tx, """
            INSERT INTO materials (id, origin, seq, name, formula, family, review_table, table_label, structure, space_group,
                sigma_s_per_cm, temperature_c, extrapolated, ea_ev, ea_form, ea_high_t_ev, transition_c, synthesis, source, reference,
                density_g_per_cm3, notes, added_utc)
            VALUES ($id, $origin, $seq, $name, $formula, $family, $table, $label, $structure, $sg, $sigma, $t, $ext, $ea, $form,
                $eaht, $tr, $syn, $source, $ref, $rho, $notes, $added)
            """,
            ("$id", e.Id), ("$origin", e.Origin == EntryOrigin.User ? "user" : "literature"), ("$seq", seq), ("$name", e.Name),
            ("$formula", e.Formula), ("$family", e.Family), ("$table", e.ReviewTable), ("$label", e.TableLabel), ("$structure", e.Structure),
            ("$sg", e.SpaceGroup), ("$sigma", e.SigmaSPerCm), ("$t", e.TemperatureC), ("$ext", e.Extrapolated ? 1 : 0), ("$ea", e.EaEV),
            ("$form", e.EaForm), ("$eaht", e.EaHighTEV), ("$tr", e.TransitionC), ("$syn", e.Synthesis), ("$source", e.Source),
            ("$ref", e.Reference), ("$rho", e.DensityGPerCm3), ("$notes", e.Notes), ("$added", addedUtc));

    private static LiteratureEntry Read(SqliteDataReader r)
    {
        string? S(string col) { int i = r.GetOrdinal(col); return r.IsDBNull(i) ? null : r.GetString(i); }
        double? D(string col) { int i = r.GetOrdinal(col); return r.IsDBNull(i) ? null : r.GetDouble(i); }
        var table = D("review_table");
        return new LiteratureEntry
        {
            Id = S("id")!, Name = S("name")!, Formula = S("formula"), Family = S("family")!,
            ReviewTable = table is { } t ? (int)t : null, TableLabel = S("table_label"), Structure = S("structure"),
            SpaceGroup = S("space_group"), SigmaSPerCm = D("sigma_s_per_cm"), TemperatureC = D("temperature_c"),
            Extrapolated = D("extrapolated") is > 0, EaEV = D("ea_ev"), EaForm = S("ea_form"), EaHighTEV = D("ea_high_t_ev"),
            TransitionC = D("transition_c"), Synthesis = S("synthesis"), Source = S("source")!, Reference = S("reference"),
            DensityGPerCm3 = D("density_g_per_cm3"), Notes = S("notes"),
            Origin = S("origin") == "user" ? EntryOrigin.User : EntryOrigin.Literature,
        };
    }

    private SqliteConnection Connect()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout = 5000;";
        cmd.ExecuteNonQuery();
        return c;
    }

    private static int Exec(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        var o = cmd.ExecuteScalar();
        return o is null or DBNull ? null : Convert.ToString(o, CultureInfo.InvariantCulture);
    }

    private void Guard(Action a) => Guard(() => { a(); return 0; });

    /// <summary>Turns SQLite failures (not a database, read-only folder...) into one-line errors naming the store.</summary>
    private T Guard<T>(Func<T> f)
    {
        try { return f(); }
        catch (SqliteException e)
        {
            throw new NitrolyteFormatException(Path, $"cannot use this file as the library store (SQLite: {e.Message.Split('\n')[0].Trim()}); point --store or {EnvironmentVariable} elsewhere");
        }
    }
}
