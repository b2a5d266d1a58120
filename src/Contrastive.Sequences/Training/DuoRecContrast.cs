namespace Contrastive.Sequences.Training;

/// <summary>
/// Which pairs DuoRec contrasts (its code's <c>contrast</c> setting). h is the sequence's representation from the
/// next-item pass, h' a second pass of the same sequence with fresh dropout, h_s the pass of a supervised positive
/// (another history with the same next item).
/// </summary>
public enum DuoRecContrast
{
    /// <summary><c>us_x</c>, DuoRec as published (the code's setting for all datasets): <c>lambda_sem * L(h', h_s)</c>.</summary>
    UsX,

    /// <summary><c>us</c>: <c>lambda * L(h, h') + lambda_sem * L(h, h_s)</c>, the two terms side by side.</summary>
    Us,

    /// <summary><c>un</c>: the unsupervised dropout pair only, <c>lambda * L(h, h')</c> (SimCSE's idea on SASRec).</summary>
    Un,

    /// <summary><c>su</c>: the supervised pair only, <c>lambda_sem * L(h, h_s)</c>.</summary>
    Su,
}
