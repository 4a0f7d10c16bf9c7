using BenchmarkDotNet.Attributes;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// Phase diagram + e_above_hull of every entry, against pymatgen (bench/scripts/thermo_benchmark.py):
/// the 490-entry Li–Fe–O set of ../shared (MANIFEST 6a) and a generated 4-element set of 10,000 entries.
/// Generate the latter first: /usr/bin/python3 bench/scripts/thermo_benchmark.py generate /tmp/nitrolyte_4el_10000.csv
/// (or point NITROLYTE_BENCH_ENTRIES_4EL at it). Entries are read once in setup; timing covers building the diagram
/// and computing every entry's energy above hull, as the pymatgen script does.
/// </summary>
[MemoryDiagnoser]
public class ThermodynamicsBenchmarks
{
    private List<Entry> _lifeo = [];
    private List<Entry> _four = [];

    [GlobalSetup]
    public void Setup()
    {
        var shared = Environment.GetEnvironmentVariable("NITROLYTE_SHARED")
                     ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared"));
        var lifeo = Path.Combine(shared, "testdata/dft_entries/pymatgen/pd_entries_test.csv");
        if (!File.Exists(lifeo)) lifeo = "/work/shared/testdata/dft_entries/pymatgen/pd_entries_test.csv";
        _lifeo = EntryCsvReader.Read(lifeo).Entries.ToList();
        var four = Environment.GetEnvironmentVariable("NITROLYTE_BENCH_ENTRIES_4EL") ?? "/tmp/nitrolyte_4el_10000.csv";
        if (!File.Exists(four)) throw new FileNotFoundException($"{four}: run /usr/bin/python3 bench/scripts/thermo_benchmark.py generate {four} first");
        _four = EntryCsvReader.Read(four).Entries.ToList();
    }

    [Benchmark] public double LiFeO_490Entries() => new PhaseDiagram(_lifeo).EAboveHullAll().Sum();
    [Benchmark] public double FourElements_10000Entries() => new PhaseDiagram(_four).EAboveHullAll().Sum();
}
