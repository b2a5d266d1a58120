namespace Contrastive.Vision.Data;

/// <summary>Which part of a data set to read.</summary>
public enum DataSplit
{
    Train,
    Test,
}
