using BenchmarkDotNet.Attributes;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Migration;
using Nitrolyte.Structures;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// BVSE at a 0.1 Å grid: the landscape alone and the whole analysis (landscape + exact percolation + pathways),
/// on the structures of the NumPy comparison (bench/scripts/bvse_numpy.py): Li2S 2x2x2 (a = 5.719 Å),
/// Li9N2Cl3 (seed 002) and LGPS (../shared/testdata/cif/OBELiX/j8q.cif).
/// Run: dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*Bvse*'
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class BvseBenchmarks
{
    [Params("Li2S-2x2x2", "Li9N2Cl3", "LGPS-j8q")]
    public string Case { get; set; } = "Li2S-2x2x2";

    private Structure _s = null!;
    private BvseModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _s = Case switch
        {
            "Li2S-2x2x2" => ReferenceStructures.Supercell(ReferenceStructures.Li2S(5.719), 2, 2, 2),
            "Li9N2Cl3" => ReferenceStructures.Li9N2Cl3(),
            _ => StructureReader.Read(Path.Combine(RepositoryPaths.SharedDirectory ?? throw new InvalidOperationException("../shared not found"), "testdata/cif/OBELiX/j8q.cif")),
        };
        _model = BvseModel.Build(_s, new BvseOptions { GridSpacingA = 0.1 });
    }

    [Benchmark] public EnergyGrid Landscape() => BvseLandscape.Compute(_model);
    [Benchmark] public BvseResult FullAnalysis() => BvseAnalysis.Run(_s, new BvseOptions { GridSpacingA = 0.1 });
}
