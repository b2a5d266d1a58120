using System.Diagnostics;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Training throughput of the vision methods on 28×28 one-channel images (Fashion-MNIST's shape, random pixels):
/// the float32 matmul peak, then per method the time of the augmentations and of the optimizer steps (AdamW), as
/// images/s and as the fraction of the peak reached by the convolutions' FLOPs (forward 2·MACs, backward twice that;
/// the frozen target forward of MoCo / BYOL counted once per target view). Same process, same thread count.
/// </summary>
public static class VisionStepBenchmark
{
    public static int Run(int batch = 128, int width = 32, int steps = 5)
    {
        double peak = MatmulPeak.Measure(ScalarType.Float32);
        Console.WriteLine($"float32 matmul peak: {peak:F1} GFLOP/s (batch {batch}, small-cnn width {width}, 28x28x1, {steps} timed steps after 2 warm-up)");
        using var g0 = new Generator(0);
        using var images = rand([batch, 1, 28, 28], generator: g0);
        var pipeline = AugmentationSet.Parse(AugmentationSet.SimClr, 28);
        var views = new MultiView(pipeline, 2);
        var encoder = new ImageEncoderConfig(ImageEncoderConfig.SmallCnnName, 1, width);
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                views.Apply(images, g0);
            }
            Console.WriteLine($"augmentation ({pipeline.Name}, 2 views): {steps * batch / sw.Elapsed.TotalSeconds:F0} images/s");
        }
        foreach (var kind in new[] { VisionMethodKind.SimClr, VisionMethodKind.MoCo, VisionMethodKind.Byol, VisionMethodKind.SimSiam })
        {
            using var g = new Generator(1);
            var method = VisionMethod.Create(kind, encoder, new VisionMethodOptions(), 28, g);
            var parameters = method.Network.parameters().Where(p => p.requires_grad).ToArray();
            using var optimizer = optim.AdamW(parameters, 1e-3);
            method.Network.train();
            using var v1 = views.Apply(images, g0)[0];
            using var v2 = views.Apply(images, g0)[1];
            var batchOfViews = new ImageBatch([v1, v2], null);
            double seconds = 0;
            for (int i = 0; i < steps + 2; i++)
            {
                var sw = Stopwatch.StartNew();
                using (var scope = NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var loss = method.ComputeLoss(batchOfViews);
                    loss.backward();
                    optimizer.step();
                    method.OnStepEnd(i + 1, 1000);
                }
                if (i >= 2) seconds += sw.Elapsed.TotalSeconds;
            }
            // Passes of one view through the backbone per image: online views cost 3 (forward + backward of twice the
            // forward's FLOPs), target views 1. SimCLR, SimSiam: 2 online; MoCo (asymmetric): 1 online + 1 target; BYOL: 2 + 2.
            double passes = kind switch { VisionMethodKind.MoCo => 3 + 1, VisionMethodKind.Byol => 2 * 3 + 2, _ => 2 * 3 };
            double flops = 2.0 * method.Network.Backbone.MultiplyAdds(28, 28) * batch * passes * steps;
            double gflops = flops / seconds / 1e9;
            Console.WriteLine($"{kind.ToName(),-9} {steps * batch / seconds,8:F1} images/s  {1000 * seconds / steps,8:F0} ms/step  " +
                              $"{gflops,6:F1} GFLOP/s = {gflops / peak:P1} of the matmul peak");
        }
        Console.WriteLine($"float32 matmul peak after: {MatmulPeak.Measure(ScalarType.Float32):F1} GFLOP/s (the fractions use the first)");
        return 0;
    }
}
