namespace Nitrolyte.Core;

/// <summary>
/// The one exception readers throw for bad input: it names the file, where in it (line or byte offset when
/// known) and what was expected. The CLI prints <see cref="Exception.Message"/> as a single line and exits 1.
/// </summary>
public sealed class NitrolyteFormatException : Exception
{
    public string FilePath { get; }
    public long? Line { get; }
    public long? ByteOffset { get; }
    public string Problem { get; }

    public NitrolyteFormatException(string filePath, string problem, long? line = null, long? byteOffset = null, Exception? inner = null)
        : base(Compose(filePath, problem, line, byteOffset), inner)
    {
        FilePath = filePath;
        Problem = problem;
        Line = line;
        ByteOffset = byteOffset;
    }

    private static string Compose(string filePath, string problem, long? line, long? byteOffset)
    {
        var where = line is not null ? $":{line}" : byteOffset is not null ? $" (byte {byteOffset})" : "";
        return $"{filePath}{where}: {problem}";
    }
}

/// <summary>Bad input that is not a file (a formula, a circuit string, an option value): the CLI exits 1 with the message.</summary>
public sealed class NitrolyteInputException(string message, Exception? inner = null) : Exception(message, inner);
