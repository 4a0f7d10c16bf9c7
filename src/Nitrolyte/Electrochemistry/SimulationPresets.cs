namespace Nitrolyte.Electrochemistry;

/// <summary>
/// Named simulation presets built from the seed papers' protocols (used by <c>nitrolyte cycle simulate</c>, the bundled
/// examples and the tests). Every preset states where its numbers come from.
/// </summary>
public static class SimulationPresets
{
    /// <summary>Pellet of seed 000 (Li2NH): 10 mm diameter; the paper gives 1-2 mm thickness, 1.5 mm is used.</summary>
    public const double Seed000AreaCm2 = Math.PI * 0.25;
    public const double Seed000ThicknessCm = 0.15;

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["seed000-dcpol"] = "Au|Li2NH|Au, 0.5 V for 5 h, sigma_e 1.2 nS/cm, t_ion 0.998, tau 4.48 s (seed 000), pellet 10 mm x 1.5 mm",
        ["seed002-dcpol"] = "Li9N2Cl3 between blocking electrodes, holds at 0.1-0.5 V for 2 h each, sigma_e 1.7e-9 S/cm (seed 002), pellet 10 mm x 1.0 mm, t_ion 0.99, tau 8 s",
        ["seed000-cv"] = "Li|Li2NH|steel, 16 cycles 2 -> -0.5 -> 5 -> 2 V at 1 mV/s (seed 000's window and rate), cell resistance 3.5 kOhm falling with cycling in two regimes (break after cycle 8), 95 % of plated Li strippable",
        ["seed000-symmetric"] = "Li|Li2NH|Li, 5/10/20/40/80 uA/cm2, 15 min + 10 s rest per half cycle (seed 000), 5 cycles per step, L 1.5 mm, sigma 0.1 mS/cm (40 C), interface ASR 100 Ohm cm2, no failure",
        ["seed002-ccd"] = "Li|Li9N2Cl3|Li CCD staircase, 1 h per half cycle (seed 002), 0.1 -> 12 mA/cm2 then 3 cycles at 1 mA/cm2, A 0.785 cm2, L 0.1 mm, sigma 4.3e-5 S/cm, interface ASR 5 Ohm cm2, soft short from 10.5 mA/cm2 (seed 002: CCD 10 mA/cm2 at 10 mAh/cm2)",
        ["seed002-full"] = "NCM83|Li9N2Cl3|Li full cell, 4.46 mg/cm2 on 0.785 cm2, 1C = 200 mA/g, 2 formation cycles at 0.1 C (233.1/208.2 mAh/g: ICE 89.3 %), 200 cycles at 0.5 C with 55 % of the 0.1 C capacity, fade 6.4e-5 per cycle (90.35 % after 1500 cycles, seed 002)",
    };

    public static TimeSeries Build(string name, int seed = 0) => name switch
    {
        "seed000-dcpol" => CellSimulator.DcPolarisation(new CellSimulator.DcParameters([0.5], Seed000ThicknessCm, Seed000AreaCm2, 1.2e-9, 0.998, 4.48, Seed: seed)),
        "seed002-dcpol" => CellSimulator.DcPolarisation(new CellSimulator.DcParameters([0.1, 0.2, 0.3, 0.4, 0.5], 0.10, Seed000AreaCm2, 1.7e-9, 0.99, 8, HoldS: 7200, Seed: seed)),
        "seed000-cv" => CellSimulator.CyclicVoltammetry(new CellSimulator.CvParameters(SampleS: 20, Seed: seed)),
        "seed000-symmetric" => CellSimulator.Symmetric(Seed000Symmetric(seed)),
        "seed002-ccd" => CellSimulator.Symmetric(Seed002Ccd(seed)),
        "seed002-full" => CellSimulator.FullCell(Seed002Full(seed)),
        _ => throw new Core.NitrolyteInputException($"unknown simulation preset '{name}' (known: {string.Join(", ", Descriptions.Keys)})"),
    };

    public static CellSimulator.SymmetricParameters Seed000Symmetric(int seed = 0) => new(
        [new(0.005, 900, 10, 5), new(0.010, 900, 10, 5), new(0.020, 900, 10, 5), new(0.040, 900, 10, 5), new(0.080, 900, 10, 5)],
        Seed000AreaCm2, Seed000ThicknessCm, 1e-4, 100, SampleS: 10, Seed: seed);

    public static CellSimulator.SymmetricParameters Seed002Ccd(int seed = 2) => new(
        [.. new[] { 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10.5, 11, 12 }.Select(j => new CellSimulator.SymmetricStep(j, 3600, 0, 1)), new(1, 3600, 0, 3)],
        0.785, 0.01, 4.3e-5, 5, SampleS: 60, Failure: CellSimulator.FailureKind.SoftShort, FailureAtMaPerCm2: 10.5, Seed: seed);

    public static CellSimulator.FullCellParameters Seed002Full(int seed = 0) =>
        new([new(0.1, 2), new(0.5, 200)], 4.46 * 0.785, 200, 233.1, 208.2, 0.998, (1 - 0.9035) / 1500, 0.55, Seed: seed);
}
