using Nitrolyte.Core;
using Nitrolyte.Library;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Library;

public class LibraryStoreTests
{
    private static LiteratureDataset Embedded => LiteratureDataFile.LoadEmbedded();

    private static LiteratureEntry UserRow(string slug, double sigma = 1e-4) => new()
    {
        Id = "user-" + slug, Name = slug, Formula = "Li3N", Family = "user", SigmaSPerCm = sigma, TemperatureC = 25, EaEV = 0.4,
        Source = "test", Origin = EntryOrigin.User,
    };

    [Fact]
    public void FirstUseSeedsEveryLiteratureRow()
    {
        using var tmp = new TempDir();
        var store = LibraryStore.Open(tmp.File("lib.db"));
        Assert.Equal("created", store.SeedAction);
        Assert.Equal(Embedded.Version, store.LiteratureVersion);
        var rows = store.All();
        Assert.Equal(Embedded.Entries.Count, rows.Count);
        Assert.Equal(Embedded.Entries.Select(e => e.Id), rows.Select(e => e.Id));   // data-file order kept
        Assert.Equal(Embedded.Entries, rows);                                          // every field round-trips
        Assert.Equal("current", LibraryStore.Open(tmp.File("lib.db")).SeedAction);
    }

    [Fact]
    public void NewDataVersionReseedsLiteratureRowsAndKeepsUserRows()
    {
        using var tmp = new TempDir();
        var path = tmp.File("lib.db");
        var v1 = new LiteratureDataset("v1", Embedded.Entries.Take(5).ToList());
        var store = LibraryStore.Open(path, v1);
        store.AddUser(UserRow("mine"));
        Assert.Equal(6, store.All().Count);

        // the same version again: nothing changes even if the rows differ
        var same = LibraryStore.Open(path, new LiteratureDataset("v1", Embedded.Entries.Take(2).ToList()));
        Assert.Equal("current", same.SeedAction);
        Assert.Equal(6, same.All().Count);

        var changed = Embedded.Entries.Skip(3).Take(4).Select(e => e with { Notes = "v2" }).ToList();
        var v2 = LibraryStore.Open(path, new LiteratureDataset("v2", changed));
        Assert.Equal("reseeded", v2.SeedAction);
        var rows = v2.All();
        Assert.Equal(changed.Select(e => e.Id).Append("user-mine"), rows.Select(e => e.Id));
        Assert.All(rows.Where(r => r.Origin == EntryOrigin.Literature), r => Assert.Equal("v2", r.Notes));
        Assert.Equal(EntryOrigin.User, rows.Last().Origin);
    }

    [Fact]
    public void AddingTheSameUserMaterialReplacesItAndRemoveDeletesIt()
    {
        using var tmp = new TempDir();
        var store = LibraryStore.Open(tmp.File("lib.db"), new LiteratureDataset("v", []));
        store.AddUser(UserRow("a", 1e-4));
        store.AddUser(UserRow("b", 2e-4));
        store.AddUser(UserRow("a", 3e-4));
        var rows = store.All();
        Assert.Equal(["user-a", "user-b"], rows.Select(r => r.Id));
        Assert.Equal(3e-4, rows[0].SigmaSPerCm);
        Assert.True(store.RemoveUser("user-a"));
        Assert.False(store.RemoveUser("user-a"));
        Assert.Single(store.All());
    }

    [Fact]
    public void AFileThatIsNotADatabaseIsAOneLineError()
    {
        using var tmp = new TempDir();
        var path = tmp.File("lib.db");
        File.WriteAllText(path, new string('x', 4096));
        var e = Assert.Throws<NitrolyteFormatException>(() => LibraryStore.Open(path));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Throws<NitrolyteInputException>(() => LibraryStore.Open(tmp.Path));   // a folder
    }

    [Fact]
    public void DefaultLocationFollowsEnvironment()
    {
        Assert.Equal("/x/y/lib.db", LibraryStore.DefaultPath(n => n == LibraryStore.EnvironmentVariable ? "/x/y/lib.db" : null));
        Assert.Equal("/data/nitrolyte/library.db", LibraryStore.DefaultPath(n => n == "XDG_DATA_HOME" ? "/data" : null));
        if (OperatingSystem.IsLinux())
            Assert.EndsWith(Path.Combine(".local", "share", "nitrolyte", "library.db"), LibraryStore.DefaultPath(_ => null));
    }

    [Fact]
    public void DataFileProblemsNameTheLine()
    {
        var header = string.Join(",", LiteratureDataFile.Columns);
        Assert.Contains("version", Assert.Throws<NitrolyteFormatException>(() => LiteratureDataFile.Parse(header + "\n", "x.csv")).Message);
        var row = "a,A,Li3N,f,,,,,abc,25,false,0.3,,,,,src,,,";
        var e = Assert.Throws<NitrolyteFormatException>(() => LiteratureDataFile.Parse($"# version: 1\n{header}\n{row}\n", "x.csv"));
        Assert.Equal(3, e.Line);
        Assert.Contains("sigma_s_per_cm", e.Message);
        var dup = "a,A,Li3N,f,,,,,1e-3,25,false,0.3,,,,,src,,,";
        Assert.Contains("duplicate", Assert.Throws<NitrolyteFormatException>(() => LiteratureDataFile.Parse($"# version: 1\n{header}\n{dup}\n{dup}\n", "x.csv")).Message);
    }

    [Fact]
    public void ArrheniusLinesFollowTheStatedFormAndTransitions()
    {
        var lib = Embedded.Entries;
        var li13 = lib.Single(e => e.Id == "li13n4br");
        Assert.Equal(li13.SigmaSPerCm!.Value, li13.SigmaAt(298.15)!.Value, 1e-20);
        // below the transition the slope of ln(σT) vs 1/T is −Ea/kB (LT), above it −Ea(HT)/kB
        double Slope(double t1, double t2) => (Math.Log(li13.SigmaAt(t2)!.Value * t2) - Math.Log(li13.SigmaAt(t1)!.Value * t1)) / (1 / t2 - 1 / t1) * -PhysicalConstants.BoltzmannEVPerK;
        Assert.Equal(0.73, Slope(300, 400), 9);
        Assert.Equal(0.47, Slope(520, 600), 9);
        // 27 °C value moved to 25 °C along σT: σ25 = σ27 (T27/T25) exp(−Ea/kB (1/T25 − 1/T27))
        var lns = lib.Single(e => e.Id == "li2.5n0.5s0.5");
        double expected = 2.1e-4 * 300.15 / 298.15 * Math.Exp(-0.35 / PhysicalConstants.BoltzmannEVPerK * (1 / 298.15 - 1 / 300.15));
        Assert.Equal(expected, lns.Sigma25C!.Value, 1e-15);
        Assert.Equal(1.49e-3, lib.Single(e => e.Id == "li3incl6").Sigma25C!.Value, 1e-12); // issue 14: the reference electrolytes carry σ
    }

    [Fact]
    public void NamesResolveById_Name_LabelOrFormula()
    {
        var lib = Embedded.Entries;
        Assert.Equal("vacancy-rich-li9n2cl3", LibrarySearch.Resolve(lib, "Vacancy-rich Li9N2Cl3").Id);
        Assert.Equal("alpha-li3n-single-crystal-par-c", LibrarySearch.Resolve(lib, "α-Li3N single crystal (∥c)").Id);
        Assert.Equal("alpha-li3n-single-crystal-perp-c", LibrarySearch.Resolve(lib, "alpha-li3n single crystal (perp c)").Id);
        Assert.Equal("li2.5n0.5s0.5", LibrarySearch.Resolve(lib, "Li2.5N0.5S0.5").Id);
        Assert.Contains("matches", Assert.Throws<NitrolyteInputException>(() => LibrarySearch.Resolve(lib, "Li9N2Cl3")).Message);
        Assert.Throws<NitrolyteInputException>(() => LibrarySearch.Resolve(lib, "Li99X"));
    }

    [Fact]
    public void NearestNeighboursAndFieldBest()
    {
        var lib = Embedded.Entries;
        var n = LiteratureComparison.Nearest(lib, 4.3e-5, 0.378, 3);
        Assert.Equal("vacancy-rich-li9n2cl3", n[0].Entry.Id);
        Assert.Equal(0, n[0].Distance, 12);
        Assert.True(n[1].Distance >= n[0].Distance && n[2].Distance >= n[1].Distance);
        Assert.Equal("li7p3s11", LiteratureComparison.FieldBest(lib)!.Id); // the field's best is a sulfide once the library goes beyond nitrides (issue 14)
    }
}
