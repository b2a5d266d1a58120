namespace Contrastive.Sequences.Training;

/// <summary>The training objective: plain SASRec or CL4SRec (SASRec + contrastive views).</summary>
public enum SeqRecModelKind
{
    SasRec,
    Cl4SRec,
}
