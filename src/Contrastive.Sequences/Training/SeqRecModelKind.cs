namespace Contrastive.Sequences.Training;

/// <summary>The training objective: plain SASRec, or SASRec plus a contrastive term (CL4SRec, CoSeRec, DuoRec).</summary>
public enum SeqRecModelKind
{
    SasRec,
    Cl4SRec,
    CoSeRec,
    DuoRec,
}
