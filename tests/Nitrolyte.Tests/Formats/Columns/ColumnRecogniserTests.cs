using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Tests.Formats.Columns;

/// <summary>
/// The shared column layer on the header spellings found in the wild (issue 12/14): every variant resolves to the
/// right column with the right factor to Hz/Ω/rad/K/S/cm/s/V/A and sign, or is refused with a message naming the
/// column and --columns.
/// </summary>
public class ColumnRecogniserTests
{
    private static readonly ColumnRecogniser.Request[] Impedance =
    [
        new(Quantities.Frequency), new(Quantities.ZReal, false), new(Quantities.ZImag, false),
        new(Quantities.ZModulus, false), new(Quantities.Phase, false),
    ];

    private static ColumnMap Resolve(string headerLine, IReadOnlyList<ColumnRecogniser.Request> requests, string? spec = null) =>
        ColumnRecogniser.Resolve("x.csv", headerLine.Split(','), requests, ColumnSpec.ParseOrNull(spec));

    [Theory]
    // header, f factor, re factor, im factor, im sign
    [InlineData("frequency_Hz,Z_real_Ohm,Z_imag_Ohm", 1, 1, 1, 1)]
    [InlineData("Freq(Hz),Zre(ohm),-Zim(ohm)", 1, 1, 1, -1)]
    [InlineData("Frequency (Hz),Z' (Ω),-Z'' (Ω)", 1, 1, 1, -1)]
    [InlineData("freq, Zreal, Zimag", 1, 1, 1, 1)]
    [InlineData("f/mHz,Z' / kOhm,Z'' / kOhm", 1e-3, 1e3, 1e3, 1)]
    [InlineData("Freq/kHz,Zre/MOhm,-Zim/MOhm", 1e3, 1e6, 1e6, -1)]
    [InlineData("freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm", 1, 1, 1, -1)]
    [InlineData("Freq.[Hz],Zs'[ohm],Zs''[ohm]", 1, 1, 1, 1)]
    [InlineData("f (MHz),Z' (mΩ),−Z'' (mΩ)", 1e6, 1e-3, 1e-3, -1)]
    [InlineData("Frequency(KHz),Zre(KOhm),Zim(KOhm)", 1e3, 1e3, 1e3, 1)]
    [InlineData("\"Freq (Hz)\",\"Z′ (Ω)\",\"-Z″ (Ω)\"", 1, 1, 1, -1)]
    public void CartesianHeadersResolveWithUnitsAndSign(string header, double f, double re, double im, int imSign)
    {
        var map = Resolve(header, Impedance);
        Assert.Equal(0, map.IndexOf(Quantities.Frequency));
        Assert.Equal(1, map.IndexOf(Quantities.ZReal));
        Assert.Equal(2, map.IndexOf(Quantities.ZImag));
        Assert.Equal(f, map[Quantities.Frequency].Convert(1), 12);
        Assert.Equal(re, map[Quantities.ZReal].Convert(1), 12);
        Assert.Equal(im * imSign, map[Quantities.ZImag].Convert(1), 12);
        Assert.False(map.Has(Quantities.ZModulus));
    }

    [Theory]
    [InlineData("Freq (Hz),|Z| (MΩ),Phase (rad)", 1e6, 1.0)]
    [InlineData("f/Hz,|Z|/Ohm,Phase/deg", 1, Math.PI / 180)]
    [InlineData("Frequency,Zmod,-Phase", 1, -Math.PI / 180)]
    [InlineData("freq_hz,modulus_kohm,theta_rad", 1e3, 1.0)]
    public void PolarHeadersResolve(string header, double mod, double phase)
    {
        var map = Resolve(header, Impedance);
        Assert.Equal(mod, map[Quantities.ZModulus].Convert(1), 12);
        Assert.Equal(phase, map[Quantities.Phase].Convert(1), 12);
    }

    [Fact]
    public void NoUnitIsReadInTheDefaultAndSaidSo()
    {
        var map = Resolve("freq,Zreal,Zimag", Impedance);
        Assert.Equal(UnitSource.AssumedDefault, map[Quantities.ZReal].UnitSource);
        Assert.Contains(map.Assumptions, a => a.Contains("real column 'Zreal' has no unit: read as Ohm"));
        Assert.Equal(3, map.Assumptions.Count);
    }

    [Fact]
    public void AnUnknownUnitIsRefusedNamingColumnAndOption()
    {
        var ex = Assert.Throws<NitrolyteFormatException>(() => Resolve("Freq (Hz),Zre (furlong),Zim (Ohm)", Impedance));
        Assert.Contains("'furlong'", ex.Message);
        Assert.Contains("Zre (furlong)", ex.Message);
        Assert.Contains("--columns", ex.Message);
    }

    [Fact]
    public void TwoCandidatesForOneQuantityAreRefused()
    {
        var ex = Assert.Throws<NitrolyteFormatException>(() =>
            Resolve("T (K),sigma_bulk (S/cm),sigma_gb (S/cm)", [new(Quantities.Temperature), new(Quantities.Conductivity)]));
        Assert.Contains("2 columns could hold the conductivity", ex.Message);
        Assert.Contains("'sigma_bulk (S/cm)'", ex.Message);
        Assert.Contains("--columns", ex.Message);
    }

    [Fact]
    public void MissingRequiredColumnListsTheColumnsFound()
    {
        var ex = Assert.Throws<NitrolyteFormatException>(() => Resolve("a,b,c", Impedance));
        Assert.Contains("no frequency column recognised among: 'a', 'b', 'c'", ex.Message);
    }

    [Theory]
    [InlineData("T_C,sigma_s_per_cm,sigma_stderr_s_per_cm", 1.0, 273.15, 1.0)]
    [InlineData("T (°C),sigma (uS/cm),err (uS/cm)", 1.0, 273.15, 1e-6)]
    [InlineData("T/K,sigma_S_per_m,sigma_err_S_per_m", 1.0, 0, 1e-2)]
    [InlineData("Temperature (K),conductivity (mS/cm),sigma_stderr (mS/cm)", 1.0, 0, 1e-3)]
    [InlineData("temp_degC,σ (S cm⁻¹),σ_err (S cm⁻¹)", 1.0, 273.15, 1.0)]
    [InlineData("T (℃),cond (S·cm^-1),stderr (S·cm^-1)", 1.0, 273.15, 1.0)]
    public void ConductivityTables(string header, double tFactor, double tOffset, double sigmaFactor)
    {
        var map = Resolve(header, [new(Quantities.Temperature), new(Quantities.Conductivity), new(Quantities.ConductivityError, false)]);
        Assert.Equal(tFactor * 25 + tOffset, map[Quantities.Temperature].Convert(25), 9);
        Assert.Equal(sigmaFactor, map[Quantities.Conductivity].Convert(1), 12);
        Assert.Equal(1, map.IndexOf(Quantities.Conductivity));
        Assert.Equal(2, map.IndexOf(Quantities.ConductivityError));
        Assert.Equal(sigmaFactor, map[Quantities.ConductivityError].Convert(1), 12);
    }

    [Fact]
    public void TemperatureWithoutUnitIsRefused()
    {
        var ex = Assert.Throws<NitrolyteFormatException>(() => Resolve("T,sigma", [new(Quantities.Temperature), new(Quantities.Conductivity)]));
        Assert.Contains("column 'T' (temperature) has no unit", ex.Message);
    }

    [Theory]
    [InlineData("time,voltage,current", 1, 1, 1, 3)]
    [InlineData("time/s,Ewe/V,I/mA", 1, 1, 1e-3, 0)]
    [InlineData("time/s,<Ewe/V>,<I>/mA", 1, 1, 1e-3, 0)]
    [InlineData("time/h,<Ewe>/V,I/uA", 3600, 1, 1e-6, 0)]
    [InlineData("Test (Sec),Voltage [V],Current [A]", 1, 1, 1, 0)]
    [InlineData("Test_Time(s),Voltage(V),Current(A)", 1, 1, 1, 0)]
    [InlineData("time_min,Ecell/mV,current_µA", 60, 1e-3, 1e-6, 0)]
    public void CyclingHeaders(string header, double t, double v, double i, int assumptions)
    {
        var map = Resolve(header, [new(Quantities.Time), new(Quantities.Voltage), new(Quantities.Current, false)]);
        Assert.Equal(t, map[Quantities.Time].Convert(1), 12);
        Assert.Equal(v, map[Quantities.Voltage].Convert(1), 12);
        Assert.Equal(i, map[Quantities.Current].Convert(1), 12);
        Assert.Equal(assumptions, map.Assumptions.Count);
        if (assumptions == 3) Assert.Contains("current column 'current' has no unit: read as A", map.Assumptions);
    }

    [Fact]
    public void StepSecondsIsNotTheTestTime()
    {
        var map = Resolve("Rec,Step (Sec),Test (Sec),Current [A],Voltage [V]", [new(Quantities.Time), new(Quantities.Voltage), new(Quantities.Current)]);
        Assert.Equal(2, map.IndexOf(Quantities.Time));
    }

    [Fact]
    public void InstantaneousBeatsAveragedPotential()
    {
        var map = Resolve("time/s,<Ewe>/V,Ewe/V,I/mA", [new(Quantities.Time), new(Quantities.Voltage), new(Quantities.Current)]);
        Assert.Equal(2, map.IndexOf(Quantities.Voltage));
    }

    [Fact]
    public void ColumnsOptionByNameWithUnitsAndSign()
    {
        var map = Resolve("Freq,Zre,Zim,other", Impedance, "f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm");
        Assert.Equal(1e3, map[Quantities.Frequency].Convert(1));
        Assert.Equal(1e3, map[Quantities.ZReal].Convert(1));
        Assert.Equal(-1e3, map[Quantities.ZImag].Convert(1));
        Assert.All(map.Readings, r => Assert.Equal(UnitSource.ColumnsOption, r.UnitSource));
        Assert.Empty(map.Assumptions);
    }

    [Fact]
    public void ColumnsOptionByPosition()
    {
        var map = Resolve("a,b,c", Impedance, "f=1/MHz; re=2/mOhm; im=-3");
        Assert.Equal(1e6, map[Quantities.Frequency].Convert(1));
        Assert.Equal(1e-3, map[Quantities.ZReal].Convert(1), 15);
        Assert.Equal(-1, map[Quantities.ZImag].Convert(1));
        Assert.Equal(UnitSource.AssumedDefault, map[Quantities.ZImag].UnitSource);
    }

    [Fact]
    public void ColumnsOptionOverridesAWrongHeaderUnit()
    {
        var map = Resolve("Freq (Hz),Zre (Ohm),Zim (Ohm)", Impedance, "re=Zre/kOhm, im=Zim/kOhm");
        Assert.Equal(1e3, map[Quantities.ZReal].Convert(1));
        Assert.Equal(1, map[Quantities.Frequency].Convert(1));
    }

    [Theory]
    [InlineData("f", "is not KEY=COLUMN")]
    [InlineData("zz=1", "'zz' is not a column this file needs")]
    [InlineData("f=0", "positions start at 1")]
    [InlineData("f=1/parsec", "'parsec' is not a frequency unit")]
    [InlineData("f=1,f=2", "names 'f' twice")]
    public void BadColumnsOptionIsAnInputError(string spec, string expected)
    {
        var ex = Assert.Throws<NitrolyteInputException>(() => Resolve("a,b,c", Impedance, spec));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ColumnsOptionNamingAnAbsentColumn()
    {
        var ex = Assert.Throws<NitrolyteFormatException>(() => Resolve("a,b,c", Impedance, "f=Freq"));
        Assert.Contains("no such column among 'a', 'b', 'c'", ex.Message);
    }

    [Theory]
    [InlineData("kOhm", Dimension.Impedance, 1e3)]
    [InlineData("MΩ", Dimension.Impedance, 1e6)]
    [InlineData("mohm", Dimension.Impedance, 1e-3)]
    [InlineData("GΩ", Dimension.Impedance, 1e9)]
    [InlineData("mHz", Dimension.Frequency, 1e-3)]
    [InlineData("MHz", Dimension.Frequency, 1e6)]
    [InlineData("°", Dimension.Angle, Math.PI / 180)]
    [InlineData("mS/cm", Dimension.Conductivity, 1e-3)]
    [InlineData("S/m", Dimension.Conductivity, 1e-2)]
    [InlineData("µS cm-1", Dimension.Conductivity, 1e-6)]
    [InlineData("mAh", Dimension.Charge, 1e-3)]
    [InlineData("C", Dimension.Charge, 1 / 3600.0)]
    [InlineData("mC", Dimension.Charge, 1e-3 / 3600)]
    [InlineData("J", Dimension.Energy, 1 / 3600.0)]
    [InlineData("1/ms", Dimension.Rate, 1e3)]
    [InlineData("s^-1", Dimension.Rate, 1)]
    [InlineData("s⁻¹", Dimension.Rate, 1)]
    [InlineData("kHz", Dimension.Rate, 1e3)]
    [InlineData("nA", Dimension.Current, 1e-9)]
    [InlineData("hours", Dimension.Time, 3600)]
    public void UnitFactors(string unit, Dimension d, double factor)
    {
        Assert.True(Units.TryParse(unit, d, out var u));
        Assert.Equal(factor, u.Factor, 15);
    }

    [Theory]
    [InlineData("C", Dimension.Temperature, 0, 273.15)]
    [InlineData("°F", Dimension.Temperature, 32, 273.15)]
    [InlineData("°F", Dimension.Temperature, 212, 373.15)]
    [InlineData("K", Dimension.Temperature, 300, 300)]
    public void TemperatureOffsets(string unit, Dimension d, double raw, double kelvin)
    {
        Assert.True(Units.TryParse(unit, d, out var u));
        Assert.Equal(kelvin, u.ToInternal(raw), 9);
    }

    [Theory]
    [InlineData("kOhm", Dimension.Frequency)]
    [InlineData("Hz", Dimension.Impedance)]
    [InlineData("xHz", Dimension.Frequency)]
    [InlineData("s", Dimension.Temperature)]
    [InlineData("", Dimension.Time)]
    public void NotAUnitOfThatDimension(string unit, Dimension d) => Assert.False(Units.TryParse(unit, d, out _));
}
