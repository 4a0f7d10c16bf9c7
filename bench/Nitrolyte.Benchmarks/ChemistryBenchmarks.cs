using BenchmarkDotNet.Attributes;
using Nitrolyte.CellDesign;
using Nitrolyte.Chemistry;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// Formula parsing (compared with pymatgen's Composition in bench/scripts/pymatgen_formula_bench.py on the same
/// formulas), the synthesis planner and the cell-design solver.
/// </summary>
[MemoryDiagnoser]
public class ChemistryBenchmarks
{
    // formulas pymatgen also parses (for the comparison)
    private static readonly string[] Plain = ["Li9N2Cl3", "Li2.5N0.5S0.5", "Li1.35Si0.79P0.21O1.96N0.96", "Li4(OH)3Cl", "LiN(CN)2", "Li10GeP2S12", "Li2.73Ho1.09Cl6", "LiNH2"];
    private static readonly string[] Literature = ["Li_{2.94}PO_{3.5}N_{0.31}", "LiCl·2H2O", "1Li3N-2LiI-0.77LiOH", "Li7N2I-0.5LiOH"];

    private static readonly CellStack Stack = new()
    {
        ArealCapacityMahPerCm2 = 10, ActiveFraction = 0.7, CuDensityGPerCm3 = 8.9,
        Layers = [new ElectrolyteLayer("Li3InCl6", 2.59, 100)],
    };

    [Benchmark] public double ParsePlainFormulasMolarMass() { double s = 0; foreach (var f in Plain) s += Composition.Parse(f).MolarMassGPerMol; return s; }
    [Benchmark] public double ParseLiteratureNotations() { double s = 0; foreach (var f in Literature) s += Composition.Parse(f).MolarMassGPerMol; return s; }
    [Benchmark] public string ReducedAndPerAnion() => Composition.Parse("Li9N2Cl3").ReducedFormula + Composition.Parse("Li9N2Cl3").PerAnion().SubscriptedFormula;
    [Benchmark] public SynthesisPlan PlanSeed000() => SynthesisPlanner.Plan("Li2NH", ["LiNH2", "Li3N"], 1.0);
    [Benchmark] public SynthesisPlan PlanFivePrecursorsWithGases() => SynthesisPlanner.Plan("Li7N2I-0.5LiOH", ["Li3N", "LiI", "LiOH", "LiNH2", "LiH"], 1.0, ["H2", "NH3"]);
    [Benchmark] public CellEnergy CellEnergy() => CellEnergyModel.Evaluate(Stack);
    [Benchmark] public CriticalValue CriticalThickness() => CriticalParameterSolver.Solve(Stack, StackParameter.LayerThickness, 350);
}
