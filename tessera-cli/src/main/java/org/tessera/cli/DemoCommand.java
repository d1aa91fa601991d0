package org.tessera.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tessera.core.image.Image;
import org.tessera.core.image.Images;
import org.tessera.core.image.LabelMaps;
import org.tessera.core.image.PanopticMaps;
import org.tessera.core.instances.Instances;
import org.tessera.core.label.LabelMap;
import org.tessera.core.label.Palette;
import org.tessera.core.mask.Mask;
import org.tessera.core.mask.Polygons;
import org.tessera.core.mask.Rle;
import org.tessera.core.panoptic.PanopticMap;
import org.tessera.data.synthetic.SyntheticScene;
import org.tessera.viz.Overlay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tessera demo}: a real segmentation job with nothing downloaded. Renders a deterministic synthetic scene,
 * derives its instance, semantic and panoptic ground truth, round-trips every mask through RLE, polygons and PNG,
 * writes pictures and COCO / COCO-panoptic JSON, and trains a small U-Net on synthetic scenes ({@link DemoTraining}).
 */
@Command(name = "demo", description = "Run the end-to-end demo on a synthetic scene (no download needed).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output folder (default: ${DEFAULT-VALUE}).", defaultValue = "tessera-demo")
    Path out;

    @Option(names = "--seed", description = "Scene seed (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    long seed;

    @Option(names = "--objects", description = "Objects placed before occlusion (default: ${DEFAULT-VALUE}).", defaultValue = "14")
    int objects;

    @Option(names = "--size", description = "Scene size WxH (default: ${DEFAULT-VALUE}).", defaultValue = "640x480")
    String size;

    @Option(names = "--train-epochs", description = "Epochs of the training step (a small U-Net on synthetic scenes, about a minute; 0 skips it; default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int trainEpochs;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        int[] wh = Sizes.parseWxH(size, "--size");
        long t0 = System.nanoTime();
        Files.createDirectories(out);

        // 1. the scene and its ground truth
        SyntheticScene scene = SyntheticScene.render(wh[0], wh[1], objects, seed);
        int w = scene.width(), h = scene.height();
        Image image = Image.of8(w, h, 3, scene.rgb());
        short[] idShorts = new short[w * h];
        int[] sceneIds = scene.instanceIds();
        for (int i = 0; i < idShorts.length; i++) idShorts[i] = (short) sceneIds[i];
        Instances inst = Instances.fromInstanceIds(new LabelMap(w, h, idShorts, 0, null), scene::instanceCategory);
        int[] colors = new int[SyntheticScene.CATEGORY_NAMES.size() + 1];
        for (int c = 1; c < colors.length; c++) colors[c] = SyntheticScene.CATEGORY_COLORS[c - 1];
        Palette palette = new Palette(colors);
        LabelMap semantic = new LabelMap(w, h, scene.semantic().clone(), LabelMap.DEFAULT_IGNORE, palette);
        PanopticMap panoptic = DemoScenes.panoptic(scene);
        o.printf("scene      %dx%d, seed %d: %d instances (%s), %d panoptic segments%n", w, h, seed, inst.size(),
                DemoScenes.countByCategory(inst), panoptic.segments().size());

        // 2. round trips: mask -> RLE -> string -> RLE -> bits -> RLE, and mask -> polygons -> mask
        double minIou = 1;
        int exact = 0;
        List<List<double[]>> polygons = new ArrayList<>();
        for (int k = 0; k < inst.size(); k++) {
            Mask m = inst.mask(k);
            Rle rle = m.toRle();
            Rle back = Rle.fromString(rle.toString(), h, w);
            Rle again = Rle.encodeColumnMajor(back.decodeColumnMajor(), h, w);
            if (rle.equals(back) && back.equals(again)) exact++;
            List<double[]> poly = Polygons.toCocoWithHoles(m, 0);
            polygons.add(poly);
            minIou = Math.min(minIou, Polygons.toMask(poly, h, w).iou(m));
        }
        if (exact != inst.size()) throw new IllegalStateException("RLE round trip failed for " + (inst.size() - exact) + " masks");
        o.printf("round trip RLE string/bits exact for %d/%d masks; polygons -> mask IoU >= %.4f%n", exact, inst.size(), minIou);

        // 3. PNG round trips
        Path semanticPng = out.resolve("semantic.png");
        LabelMaps.writePng(semantic, semanticPng);
        LabelMap semBack = LabelMaps.read(semanticPng);
        Path panDir = out.resolve("panoptic");
        Path panPng = panDir.resolve("scene.png");
        PanopticMaps.writePng(panoptic, panPng);
        PanopticMap panBack = PanopticMaps.readIds(panPng);
        boolean semOk = java.util.Arrays.equals(semBack.data(), semantic.data());
        boolean panOk = java.util.Arrays.equals(panBack.data(), panoptic.data());
        if (!semOk || !panOk) throw new IllegalStateException("PNG round trip changed the labels");
        o.println("round trip semantic palette PNG and panoptic RGB PNG: identical");

        // 4. evaluation of a perturbed prediction against the ground truth
        DemoEvaluation.run(scene, inst, panoptic, seed, o);
        DemoClassic.run(scene, inst, out, o);
        DemoInference.run(out, o);
        DemoTraining.run(out, o, trainEpochs, seed, palette, id -> id >= 1 && id <= 5 ? SyntheticScene.CATEGORY_NAMES.get(id - 1) : null);

        // 5. outputs
        Images.writePng(image, out.resolve("scene.png"));
        var names = (java.util.function.IntFunction<String>) id -> id >= 1 && id <= 5 ? SyntheticScene.CATEGORY_NAMES.get(id - 1) : null;
        Images.writePng(Overlay.instances(image, inst, names, id -> colors[id], Overlay.Options.defaults()), out.resolve("overlay.png"));
        Images.writePng(Overlay.labelMap(image, semantic, palette, names, Overlay.Options.defaults()), out.resolve("semantic_overlay.png"));
        Images.writePng(Overlay.panoptic(image, panoptic, names, id -> colors[id], Overlay.Options.defaults()), out.resolve("panoptic_overlay.png"));
        DemoScenes.writeCoco(out.resolve("instances.json"), "scene.png", w, h, inst, polygons);
        DemoScenes.writePanopticJson(out.resolve("panoptic.json"), "scene.png", "scene.png", w, h, panoptic);

        o.printf("wrote      %s%n", out.toAbsolutePath());
        for (String f : List.of("scene.png", "overlay.png", "semantic.png", "semantic_overlay.png", "panoptic_overlay.png",
                "instances.json", "panoptic.json", "panoptic/scene.png", "classic_overlay.png", "inference_overlay.png", "train_overlay.png")) {
            if (!Files.exists(out.resolve(f))) continue;
            o.printf("           %-22s %,d bytes%n", f, Files.size(out.resolve(f)));
        }
        o.printf("done in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
