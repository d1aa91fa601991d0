#!/usr/bin/env python3
# Usage: dense_coco_perf.py GT.json RESULTS.json GROUP KEEP OUT_PREFIX
# Dense scenes from the coco perf case: every GROUP images of the same size are overlaid into one image (their
# annotations and results moved to the first image's id; masks and boxes unchanged, so RLEs stay valid), and only the
# KEEP best-scored results of each new image are kept. E.g. GROUP=36, KEEP=300 -> ~300 GT and 300 detections per image.
import json, sys
from collections import defaultdict
gt_path, res_path, group, keep, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
g = json.load(open(gt_path)); r = json.load(open(res_path))
by_size = defaultdict(list)
for im in g['images']:
    by_size[(im['height'], im['width'])].append(im)
remap, images = {}, []
for size, ims in sorted(by_size.items()):
    for s in range(0, len(ims) - group + 1, group):
        head = ims[s]
        images.append(head)
        for im in ims[s:s + group]:
            remap[im['id']] = head['id']
anns = []
for a in g['annotations']:
    if a['image_id'] in remap:
        a = dict(a); a['image_id'] = remap[a['image_id']]; anns.append(a)
per = defaultdict(list)
for d in r:
    if d['image_id'] in remap:
        d = dict(d); d['image_id'] = remap[d['image_id']]; per[d['image_id']].append(d)
res = []
for iid, ds in per.items():
    ds.sort(key=lambda d: -d['score'])
    res.extend(ds[:keep])
json.dump({'images': images, 'annotations': anns, 'categories': g['categories']}, open(out + '_gt.json', 'w'))
json.dump(res, open(out + '_results.json', 'w'))
print(len(images), 'images', len(anns), 'anns', len(res), 'results')
