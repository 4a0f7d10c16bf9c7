using Nitrolyte.Arrhenius;
using Nitrolyte.Core;

namespace Nitrolyte.Library;

/// <summary>Where a library row came from: the bundled literature data file, or a user's evaluated material.</summary>
public enum EntryOrigin { Literature, User }

/// <summary>
/// One electrolyte of the literature library: a conductivity at its stated temperature, the activation energy,
/// structure, synthesis and the source it was transcribed from. Numbers are as published; null when not given.
/// </summary>
public sealed record LiteratureEntry
{
    /// <summary>Stable ASCII key (e.g. "vacancy-rich-li9n2cl3"); user rows start with "user-".</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Chemical formula; null when the source gives none (e.g. LiBPON).</summary>
    public string? Formula { get; init; }
    public required string Family { get; init; }
    /// <summary>Table of the review (seed 001) the row comes from (1-4), or null.</summary>
    public int? ReviewTable { get; init; }
    /// <summary>The material's label as the review's table prints it (typos included), or null.</summary>
    public string? TableLabel { get; init; }
    public string? Structure { get; init; }
    public string? SpaceGroup { get; init; }
    public double? SigmaSPerCm { get; init; }
    public double? TemperatureC { get; init; }
    /// <summary>True when the source says the value was calculated (extrapolated) from an Arrhenius plot.</summary>
    public bool Extrapolated { get; init; }
    public double? EaEV { get; init; }
    /// <summary>"sigma-t" or "sigma" when the source states the Arrhenius form; null when not stated.</summary>
    public string? EaForm { get; init; }
    /// <summary>Activation energy above a phase transition (Li13N4Br, Li5NI2), eV.</summary>
    public double? EaHighTEV { get; init; }
    public double? TransitionC { get; init; }
    public string? Synthesis { get; init; }
    public required string Source { get; init; }
    /// <summary>Reference number in the source (e.g. "ref. 26" of the review, "seed 000").</summary>
    public string? Reference { get; init; }
    public double? DensityGPerCm3 { get; init; }
    public string? Notes { get; init; }
    public EntryOrigin Origin { get; init; } = EntryOrigin.Literature;

    /// <summary>The Arrhenius form used to draw this entry: as stated, else σT (the review's plots, seeds 002/003).</summary>
    public ArrheniusForm PlotForm => EaForm is { } f ? ArrheniusFormNames.Parse(f) : ArrheniusForm.SigmaT;

    /// <summary>True when the entry has what an Arrhenius line needs: σ at a temperature and Ea.</summary>
    public bool HasArrheniusLine => SigmaSPerCm is > 0 && TemperatureC is not null && EaEV is not null;

    /// <summary>
    /// σ at temperature T (K) from the stated σ(T0) and Ea, in the entry's form (σT unless stated), switching to the
    /// high-temperature Ea above a phase transition. Null when the entry lacks σ or Ea.
    /// </summary>
    public double? SigmaAt(double temperatureK)
    {
        if (!HasArrheniusLine) return null;
        double t0 = TemperatureC!.Value + PhysicalConstants.ZeroCelsiusK;
        double s0 = SigmaSPerCm!.Value;
        if (EaHighTEV is { } eaHigh && TransitionC is { } tc)
        {
            double tTr = tc + PhysicalConstants.ZeroCelsiusK;
            if (temperatureK > tTr && t0 <= tTr)
            {
                double sTr = Extend(s0, t0, tTr, EaEV!.Value);
                return Extend(sTr, tTr, temperatureK, eaHigh);
            }
        }
        return Extend(s0, t0, temperatureK, EaEV!.Value);
    }

    private double Extend(double s0, double t0, double t, double ea) => ArrheniusLaw.Move(s0, t0, t, ea, PlotForm);

    /// <summary>σ at 25 °C: the stated value when stated at 25 °C, else moved there along the Arrhenius line.</summary>
    public double? Sigma25C => TemperatureC is { } t && Math.Abs(t - 25) < 1e-9 ? SigmaSPerCm : SigmaAt(PhysicalConstants.RoomTemperatureK);
}
