namespace Nitrolyte.Core;

/// <summary>Writes outputs to a temporary file beside the target and renames it, so a failure never leaves a half-written file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        Write(path, tmp => File.WriteAllText(tmp, contents));
    }

    public static void WriteAllBytes(string path, byte[] contents)
    {
        Write(path, tmp => File.WriteAllBytes(tmp, contents));
    }

    public static void Write(string path, Action<string> writeToTempPath)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full)) throw new NitrolyteInputException($"cannot write {path}: it is a directory; give a file name for the output");
        for (var d = dir; !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
            if (File.Exists(d)) throw new NitrolyteInputException($"cannot write {path}: {d} is a file, so the output folder cannot be created");
        Directory.CreateDirectory(dir);
        Leftovers.CleanOnce(dir); // temporary files of killed earlier runs in this folder
        var tmp = Leftovers.SiblingName(full, "tmp");
        try
        {
            Directory.CreateDirectory(dir);
            writeToTempPath(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Name the file the user asked for, never the hidden temporary one.
            var reason = e is UnauthorizedAccessException ? "permission denied"
                : e is DirectoryNotFoundException or FileNotFoundException ? $"the folder {dir} does not exist or is not writable"
                : e.Message.Replace(tmp, full);
            throw new IOException($"cannot write {path}: {reason}", e);
        }
        finally
        {
            try { if (File.Exists(tmp)) File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public static void Write(string path, Action<Stream> writeToStream)
    {
        Write(path, (string tmp) =>
        {
            using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write);
            writeToStream(fs);
        });
    }
}
