//! The desk's sounds, synthesized in code when the app starts (no sound files, nothing fetched):
//! a ring per line (each line its own pitch and cadence, so lines can be told apart), a
//! two-note door chime when someone comes in, a soft two-blip alert when work lands in the
//! tray. Each plays on a `SceneCue`; its visual twin is drawn by `art` (the light's flash, the
//! door lighting up as the figure walks in, the tray's glow). Volume and mute are in the
//! settings. With no audio device (CI, Xvfb) bevy finds no output and nothing plays.

use super::SceneCue;
use super::layout::MAX_LINES;
use crate::app::settings::Settings;
use bevy::audio::{AddAudioSource, ChannelCount, Decodable, Sample, SampleRate, Source, Volume};
use bevy::prelude::*;
use std::f32::consts::TAU;
use std::num::NonZero;
use std::sync::Arc;
use std::time::Duration;

pub(super) fn plugin(app: &mut App) {
    app.add_audio_source::<Tone>()
        .add_systems(Startup, synthesize_the_sounds)
        .add_systems(PostUpdate, play_cues.after(super::mirror::MirrorSet));
}

/// Samples per second: plenty for rings and chimes, and small (a ring is ~40 KB).
pub const SAMPLE_RATE: u32 = 22_050;

/// A sound as samples, mono, at `SAMPLE_RATE`.
#[derive(Asset, TypePath, Clone, Debug)]
pub struct Tone {
    samples: Arc<[f32]>,
}

/// Plays a `Tone` from its first sample to its last.
pub struct ToneDecoder {
    samples: Arc<[f32]>,
    next: usize,
}

impl Iterator for ToneDecoder {
    type Item = Sample;

    fn next(&mut self) -> Option<Sample> {
        let sample = self.samples.get(self.next).copied();
        self.next += 1;
        sample
    }
}

impl Source for ToneDecoder {
    fn current_span_len(&self) -> Option<usize> {
        Some(self.samples.len().saturating_sub(self.next))
    }

    fn channels(&self) -> ChannelCount {
        NonZero::<u16>::MIN
    }

    fn sample_rate(&self) -> SampleRate {
        NonZero::new(SAMPLE_RATE).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        Some(Duration::from_secs_f32(
            self.samples.len() as f32 / SAMPLE_RATE as f32,
        ))
    }
}

impl Decodable for Tone {
    type Decoder = ToneDecoder;

    fn decoder(&self) -> ToneDecoder {
        ToneDecoder {
            samples: self.samples.clone(),
            next: 0,
        }
    }
}

/// The synthesized sounds, made once.
#[derive(Resource)]
struct Sounds {
    rings: Vec<Handle<Tone>>,
    door: Handle<Tone>,
    task: Handle<Tone>,
}

fn synthesize_the_sounds(mut commands: Commands, mut tones: ResMut<Assets<Tone>>) {
    let mut add = |samples: Vec<f32>| {
        tones.add(Tone {
            samples: samples.into(),
        })
    };
    let rings = (1..=MAX_LINES).map(|line| add(ring(line))).collect();
    let door = add(door_chime());
    let task = add(task_alert());
    commands.insert_resource(Sounds { rings, door, task });
}

fn play_cues(
    mut commands: Commands,
    mut cues: MessageReader<SceneCue>,
    sounds: Option<Res<Sounds>>,
    settings: Res<Settings>,
) {
    let Some(sounds) = sounds else {
        cues.clear();
        return;
    };
    for cue in cues.read() {
        if settings.sound_muted || settings.sound_volume <= 0.0 {
            continue;
        }
        let tone = match *cue {
            SceneCue::Ring { line } => sounds.rings[(line.max(1) - 1) % sounds.rings.len()].clone(),
            SceneCue::Arrival => sounds.door.clone(),
            SceneCue::Task => sounds.task.clone(),
        };
        commands.spawn((
            AudioPlayer(tone),
            PlaybackSettings::DESPAWN.with_volume(Volume::Linear(settings.sound_volume)),
        ));
    }
}

fn seconds(samples: usize) -> f32 {
    samples as f32 / SAMPLE_RATE as f32
}

fn samples_for(seconds: f32) -> usize {
    (seconds * SAMPLE_RATE as f32) as usize
}

/// Rises and falls over `fade` seconds at both ends, so no sound starts or stops with a click.
fn fade(t: f32, length: f32, fade: f32) -> f32 {
    (t / fade).min((length - t) / fade).clamp(0.0, 1.0)
}

/// A phone ring for a line: the two-tone ring warbling at 20 Hz, in bursts. Line 1 rings
/// once, line 2 twice, line 3 three times (then again, higher), each line a step higher.
pub fn ring(line: usize) -> Vec<f32> {
    let line = line.max(1) - 1;
    let bursts = 1 + line % 3;
    let pitch = 1.0 + 0.12 * line as f32;
    let burst = match bursts {
        1 => 0.9,
        2 => 0.38,
        _ => 0.24,
    };
    let gap = 0.12;
    let length = bursts as f32 * (burst + gap);
    (0..samples_for(length))
        .map(|n| {
            let t = seconds(n);
            let within = t % (burst + gap);
            if within > burst {
                return 0.0;
            }
            let tones = ((TAU * 440.0 * pitch * t).sin() + (TAU * 480.0 * pitch * t).sin()) / 2.0;
            let warble = 0.65 + 0.35 * (TAU * 20.0 * t).sin();
            0.3 * tones * warble * fade(within, burst, 0.01)
        })
        .collect()
}

/// A door chime: two bell-like notes, high then low, each dying away.
pub fn door_chime() -> Vec<f32> {
    let notes = [(0.0, 659.25), (0.42, 523.25)];
    let length = 1.6;
    (0..samples_for(length))
        .map(|n| {
            let t = seconds(n);
            let bell: f32 = notes
                .iter()
                .filter(|(start, _)| t >= *start)
                .map(|(start, f)| {
                    let u = t - start;
                    let tone = (TAU * f * u).sin() + 0.3 * (TAU * 2.0 * f * u).sin();
                    tone * (-u * 3.5).exp() * (u / 0.005).min(1.0)
                })
                .sum();
            0.3 * bell * fade(t, length, 0.02)
        })
        .collect()
}

/// A soft alert: two short rising blips, quieter than a ring.
pub fn task_alert() -> Vec<f32> {
    let blip = 0.11;
    let notes = [(0.0, 880.0), (0.16, 1174.66)];
    let length = 0.3;
    (0..samples_for(length))
        .map(|n| {
            let t = seconds(n);
            notes
                .iter()
                .filter(|(start, _)| t >= *start && t < start + blip)
                .map(|(start, f)| {
                    let u = t - start;
                    0.16 * (TAU * f * u).sin() * (std::f32::consts::PI * u / blip).sin()
                })
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loudness(samples: &[f32]) -> f32 {
        (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt()
    }

    #[test]
    fn sounds_are_audible_never_clip_and_start_and_end_quietly() {
        let all = [
            ring(1),
            ring(2),
            ring(3),
            ring(8),
            door_chime(),
            task_alert(),
        ];
        for samples in &all {
            assert!(loudness(samples) > 0.01, "a sound is silent");
            assert!(samples.iter().all(|s| s.abs() <= 1.0), "a sound clips");
            assert!(samples[0].abs() < 0.01 && samples[samples.len() - 1].abs() < 0.05);
        }
        // The task alert is the softest: it must not startle.
        assert!(loudness(&task_alert()) < loudness(&ring(1)));
    }

    #[test]
    fn each_line_rings_differently() {
        let rings: Vec<Vec<f32>> = (1..=MAX_LINES).map(ring).collect();
        for (a, first) in rings.iter().enumerate() {
            for second in &rings[a + 1..] {
                assert_ne!(first, second);
            }
        }
    }
}
