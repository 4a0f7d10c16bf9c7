namespace Nitrolyte.Evaluation;

/// <summary>
/// A number an analysis publishes for the scorecard and for later analyses (cell design reads the measured
/// conductivity). Keys are the constants of <see cref="MetricKeys"/>.
/// </summary>
public sealed record MetricValue(string Key, double Value, string Unit, string Source, string? Note = null, double? StdErr = null,
    bool Extrapolated = false)
{
    /// <summary>The value with its standard error (NaN when the analysis gives none), for judging a target in SE.</summary>
    public Core.Measured Measured => new(Value, StdErr ?? double.NaN);
}

/// <summary>The metric names analyses publish. Add new ones here so the scorecard and readers agree.</summary>
public static class MetricKeys
{
    /// <summary>Ionic (total or bulk) conductivity at 25 °C, S/cm (measured or extrapolated by Arrhenius).</summary>
    public const string Sigma25C = "sigma_25c_s_per_cm";
    public const string ActivationEnergy = "ea_ev";
    public const string ElectronicConductivity = "electronic_conductivity_s_per_cm";
    public const string IonicTransferenceNumber = "t_ion";
    /// <summary>Lower and upper limit of the electrochemical stability window vs Li/Li+, V.</summary>
    public const string WindowLowV = "window_low_v";
    public const string WindowHighV = "window_high_v";
    /// <summary>Reaction energy with Li metal, eV/atom (0 = stable against Li).</summary>
    public const string ReactionEnergyWithLi = "reaction_energy_with_li_ev_per_atom";
    public const string EnergyAboveHull = "e_above_hull_ev_per_atom";
    public const string CriticalCurrentDensity = "ccd_ma_per_cm2";
    /// <summary>Highest current density a symmetric cell survived when it never failed: the CCD is at least this, mA/cm2.</summary>
    public const string CriticalCurrentDensityLowerBound = "ccd_lower_bound_ma_per_cm2";
    public const string CcdArealCapacity = "ccd_areal_capacity_mah_per_cm2";
    public const string AirStabilityRetention = "air_sigma_retention_pct";
    public const string EnergyDensity = "energy_density_wh_per_kg";
    /// <summary>Shortest charge time the measured conductivity allows in the reference cell, minutes.</summary>
    public const string MinimumChargeTime = "minimum_charge_time_min";
    /// <summary>Thickest electrolyte layer (µm) whose ohmic drop allows the target charge time in the reference cell (0: none does).</summary>
    public const string ChargeLimitedThickness = "charge_limited_thickness_um";
    /// <summary>Energy density of the reference cell at the thinner of the reference thickness and <see cref="ChargeLimitedThickness"/>, Wh/kg.</summary>
    public const string EnergyDensityAtChargeTime = "energy_density_at_charge_time_wh_per_kg";
    public const string CapacityRetention = "capacity_retention_pct";
    /// <summary>BVSE 3D percolation barrier of the mobile ion, eV above the site-energy minimum.</summary>
    public const string MigrationBarrier3D = "bvse_barrier_3d_ev";
    /// <summary>Area-specific resistance of ONE Li|electrolyte interface, Ohm cm2 (symmetric Li|SE|Li cell: ASR = R A / 2);
    /// cell design adds it to the electrolyte's ASR when the manifest gives none.</summary>
    public const string InterfaceAsr = "interface_asr_ohm_cm2";
    /// <summary>Crystallographic (X-ray) density from a structure file, g/cm³.</summary>
    public const string CrystalDensity = "crystal_density_g_per_cm3";
    /// <summary>Li conductivity at 300 K extrapolated by Arrhenius from MD diffusivities (simulated; never fed to the experimental scorecard).</summary>
    public const string SimulatedSigma300K = "md_sigma_300k_s_per_cm";
    /// <summary>Activation energy from the Arrhenius fit of MD diffusivities, eV (simulated).</summary>
    public const string SimulatedActivationEnergy = "md_ea_ev";
    /// <summary>NMR relaxometry: Ea of the high-T flank of the R1(T) peak (long-range motion), of the low-T flank (local hops), and the Waugh-Fedin estimate from motional narrowing, eV.</summary>
    public const string NmrActivationEnergyHighT = "nmr_ea_high_t_ev";
    public const string NmrActivationEnergyLowT = "nmr_ea_low_t_ev";
    public const string NmrWaughFedinActivationEnergy = "nmr_waugh_fedin_ea_ev";
}

/// <summary>Collects metrics during one evaluation.</summary>
public sealed class MetricBoard
{
    private readonly List<MetricValue> _values = [];
    public IReadOnlyList<MetricValue> All => _values;
    public void Add(MetricValue m) { if (double.IsFinite(m.Value)) _values.Add(m); }
    public IEnumerable<MetricValue> Get(string key) => _values.Where(v => v.Key == key);
    public MetricValue? Max(string key) => Get(key).OrderByDescending(v => v.Value).FirstOrDefault();
    public MetricValue? Min(string key) => Get(key).OrderBy(v => v.Value).FirstOrDefault();
}
