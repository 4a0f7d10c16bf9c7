using Nitrolyte.Evaluation.Steps;

namespace Nitrolyte.Evaluation;

/// <summary>The analyses evaluate knows. Each domain adds its step here (one line each).</summary>
public static class EvaluationSteps
{
    public static readonly IReadOnlyList<IEvaluationStep> All =
    [
        new ConductivityTableStep(),
        new StructureStep(),
        new BvseStep(),
        new StabilityStep(),
        new DcPolarisationStep(),
        new CyclicVoltammetryStep(),
        new SymmetricCyclingStep(),
        new FullCellStep(),
        new MdStep(),
        new ImpedanceStep(),
        new ExposureStep(),
        new NmrStep(),
        new MeasuredDiffractionStep(),
    ];

    public static readonly IReadOnlyList<IMaterialStep> MaterialSteps =
    [
        new LiteratureComparisonStep(),
        new CellDesignStep(),
        new MdArrheniusMaterialStep(),
        new ActivationEnergyComparisonStep(),
    ];

    /// <summary>Every technique name some step handles (for help text and error messages).</summary>
    public static IEnumerable<string> KnownTechniques => All.SelectMany(s => s.Techniques).Distinct();
}
