namespace Nitrolyte.Formats.BioLogic;

/// <summary>
/// The spellings EC-Lab uses for the columns the time-series mapping needs, in order of preference. EC-Lab 11.50
/// (Constant Current / Constant Voltage techniques) writes averaged values as "&lt;Ewe/V&gt;" and "&lt;I/mA&gt;";
/// older versions write "&lt;Ewe&gt;/V" and "&lt;I&gt;/mA"; CCD/two-electrode setups write "Ecell/V" or "Ewe-Ece/V".
/// </summary>
public static class BioLogicColumnNames
{
    public static readonly string[] Voltage = ["Ewe/V", "<Ewe>/V", "<Ewe/V>", "Ecell/V", "<Ecell>/V", "<Ecell/V>", "Ewe-Ece/V"];
    public static readonly string[] Current = ["I/mA", "<I>/mA", "<I/mA>"];
    public const string VoltageList = "Ewe/V, <Ewe>/V, <Ewe/V>, Ecell/V or Ewe-Ece/V";
}
