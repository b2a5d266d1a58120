namespace Contrastive.Core;

/// <summary>
/// Bad input a user can fix: a missing or malformed file, a wrong shape, an unknown option value, a NaN loss.
/// The message is one complete sentence naming the file, line or value; the CLI prints it as a single line on
/// stderr and exits non-zero, without a stack trace.
/// </summary>
public class ContrastiveException : Exception
{
    public ContrastiveException(string message) : base(message) { }
    public ContrastiveException(string message, Exception inner) : base(message, inner) { }
}
