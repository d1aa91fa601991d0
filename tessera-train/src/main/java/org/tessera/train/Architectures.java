package org.tessera.train;

import java.util.List;

/**
 * The trainable architectures by name, with the meaning of the shared options ({@link TrainConfig#width()},
 * {@link TrainConfig#depth()}, {@link TrainConfig#batchNorm()}) for each:
 *
 * <ul>
 *   <li>{@code unet} — {@link UNet}: width = channels of the first stage (doubled per stage), depth = down-sampling
 *       stages (input multiple {@code 2^depth}), optional BN.</li>
 *   <li>{@code fcn} — {@link FCN} (FCN-8s): width = channels of the first backbone stage (w, 2w, 4w, 8w, 8w, fc 16w);
 *       input multiple 32; depth ignored.</li>
 *   <li>{@code segnet} — {@link SegNet}: width = channels of the first stage (doubled per stage), depth = pooling
 *       stages (input multiple {@code 2^depth}).</li>
 *   <li>{@code deeplabv3} — {@link DeepLabV3}: width = stem channels (blocks 2w..8w, ASPP 4w); input multiple 16;
 *       depth ignored.</li>
 *   <li>{@code erfnet} — {@link ERFNet}: width = channels after the first downsampler (16 in the paper; then 4w, 8w),
 *       more than the input channels; input multiple 8; depth ignored.</li>
 * </ul>
 * With {@code batchNorm} false, every architecture replaces its BN layers by convolution biases (or drops them).
 */
public final class Architectures {
    /** The architecture names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("unet", "fcn", "segnet", "deeplabv3", "erfnet");

    private Architectures() {
    }

    /**
     * A new network (parameters not initialised).
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or invalid options
     */
    public static Network create(String arch, int inChannels, int numClasses, int width, int depth, boolean batchNorm) {
        return switch (arch == null ? "" : arch) {
            case "unet" -> new UNet(new UNet.Spec(inChannels, numClasses, width, depth, batchNorm));
            case "fcn" -> new FCN(new FCN.Spec(inChannels, numClasses, width, batchNorm));
            case "segnet" -> new SegNet(new SegNet.Spec(inChannels, numClasses, width, depth, batchNorm));
            case "deeplabv3" -> new DeepLabV3(new DeepLabV3.Spec(inChannels, numClasses, width, batchNorm));
            case "erfnet" -> new ERFNet(new ERFNet.Spec(inChannels, numClasses, width, batchNorm));
            default -> throw new IllegalArgumentException("unknown architecture '" + arch + "'; available: " + String.join(", ", NAMES));
        };
    }

    /** Whether the architecture reads the depth option (its input multiple is then {@code 2^depth}). */
    public static boolean usesDepth(String arch) {
        return "unet".equals(arch) || "segnet".equals(arch);
    }
}
